/**
 * "Did you mean …@gmail.com?": a likely mistyped mail domain and the address meant, by the rules
 * in email-typos.json (e-petitions' DomainAutocorrect). Used by the signing, supporting and
 * start-a-petition forms, on the server (a form posted with a likely typo is shown again once,
 * asking which address is meant) and in the browser (shared/web/assets/email-hint.js, from the
 * same rules).
 *
 * Provides:
 * - `EMAIL_TYPO_RULES`: the rules, as data.
 * - `suggestEmail(email)`: the address probably meant, or null (also null when it is the same).
 * - `emailChoice(email, choice)`: the address to use, and the suggestion to ask about, if any.
 */
import data from "./email-typos.json" with { type: "json" };

export interface EmailTypoRule {
  /** The domain meant. */
  domain: string;
  /** A regular expression of its likely typos, matched against the whole domain. */
  typos: string;
}

export const EMAIL_TYPO_RULES: readonly EmailTypoRule[] = data.rules;

const compiled = EMAIL_TYPO_RULES.map((rule) => ({
  domain: rule.domain,
  pattern: new RegExp(`^(?:${rule.typos})$`),
}));

const ADDRESS = /^([^@\s]+)@([^@\s]+)$/;

export function suggestEmail(email: string): string | null {
  const match = ADDRESS.exec(email.trim());
  if (!match?.[1] || !match[2]) return null;
  const [, local, domain] = match;
  const typed = domain.toLowerCase();
  const rule = compiled.find((r) => r.pattern.test(typed));
  if (!rule || rule.domain === typed) return null;
  return `${local}@${rule.domain}`;
}

export interface EmailChoice {
  /** The address to use. */
  email: string;
  /** The address probably meant, to ask about before going on; null to go on. */
  ask: string | null;
}

/**
 * A form's email and the person's answer to "Did you mean …?" (`choice`: the address they
 * picked, empty before they were asked). Asked once: picking either address goes on.
 */
export function emailChoice(email: string, choice: string): EmailChoice {
  const suggestion = suggestEmail(email);
  if (!suggestion) return { email, ask: null };
  if (choice === suggestion) return { email: suggestion, ask: null };
  if (choice === email) return { email, ask: null };
  return { email, ask: suggestion };
}
