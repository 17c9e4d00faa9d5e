// "Did you mean …@gmail.com?" as the person types: the same rules as the server's
// (shared/domain/email-typos.json, served as /assets/email-typos.js). Without this script the
// server asks instead, once, when the form is sent.
import { EMAIL_TYPO_RULES } from "/assets/email-typos.js";

const rules = EMAIL_TYPO_RULES.map((rule) => ({
  domain: rule.domain,
  pattern: new RegExp(`^(?:${rule.typos})$`),
}));

/** The address probably meant, or null; mirrors suggestEmail in shared/domain/email-typos.ts. */
export function suggestEmail(email) {
  const match = /^([^@\s]+)@([^@\s]+)$/.exec(email.trim());
  if (!match) return null;
  const typed = match[2].toLowerCase();
  const rule = rules.find((r) => r.pattern.test(typed));
  if (!rule || rule.domain === typed) return null;
  return `${match[1]}@${rule.domain}`;
}

// Where the server already asks (the form came back with the question), it is not asked twice.
if (!document.querySelector("[name='email_choice']")) {
  for (const input of document.querySelectorAll("input[type='email'][name='email']")) {
    const hint = document.createElement("p");
    hint.className = "govuk-body app-email-hint";
    hint.id = `${input.id}-typo-hint`;
    hint.setAttribute("aria-live", "polite");
    hint.hidden = true;
    input.insertAdjacentElement("afterend", hint);
    const check = () => {
      const suggestion = suggestEmail(input.value);
      hint.replaceChildren();
      hint.hidden = !suggestion;
      if (!suggestion) return;
      const use = document.createElement("button");
      use.type = "button";
      use.className = "govuk-link app-link-button";
      use.textContent = suggestion;
      use.addEventListener("click", () => {
        input.value = suggestion;
        check();
        input.focus();
      });
      hint.append("Did you mean ", use, "?");
    };
    input.addEventListener("change", check);
    input.addEventListener("blur", check);
  }
}
