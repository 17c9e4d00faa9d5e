/**
 * Every email the service sends: plain, specific, with absolute links, a text and an HTML part,
 * and no tracking. Each template validates its own data, so a malformed outbox message fails
 * loudly instead of sending a broken email.
 *
 * Text people typed (a petition's action, a signer's name) is never a link or markup: it is
 * escaped in the HTML part, set in quotes, and `inert()` puts a zero-width non-joiner (U+200C,
 * invisible) after every `.`, `:`, `/` and `@` in it, so mail clients that turn text that looks
 * like `evil.example` or `http://x` into a link find no address to link, in either part. An
 * email sent because someone typed an address into a form (the confirmations) says whose words
 * they are and keeps them out of its subject, since the address's owner may not have typed them.
 */

import { type TemplateName, templateNames } from "./template-names.ts";
import { businessMail } from "./templates/business.ts";
import { type MailContext, oneLine, type RenderedMail } from "./templates/compose.ts";
import { delayMail } from "./templates/delay.ts";
import { dissolutionMail } from "./templates/dissolution.ts";
import { feedbackMail } from "./templates/feedback.ts";
import { outcomeMail } from "./templates/outcomes.ts";
import { signingMail } from "./templates/signing.ts";
import { startingMail } from "./templates/starting.ts";
import { supportingMail } from "./templates/supporting.ts";
import { thresholdMail } from "./templates/thresholds.ts";

export type { MailContext, RenderedMail } from "./templates/compose.ts";
export { type TemplateName, templateNames };

/** The templates by family, one module each (shared/mail/templates/). */
const templates = {
  ...startingMail,
  ...supportingMail,
  ...signingMail,
  ...thresholdMail,
  ...outcomeMail,
  ...businessMail,
  ...feedbackMail,
  ...delayMail,
  ...dissolutionMail,
} as const satisfies Record<TemplateName, unknown>;
/** A template registered above without its name in template-names.ts does not compile. */
const unnamed: [Exclude<keyof typeof templates, TemplateName>] extends [never] ? true : never = true;
void unnamed;

export function renderMail(template: TemplateName, data: unknown, ctx: MailContext): RenderedMail {
  const entry = templates[template];
  const parsed = entry.data.parse(data);
  const mail = (entry.render as (d: typeof parsed, c: MailContext) => RenderedMail)(parsed, ctx);
  return { ...mail, subject: oneLine(mail.subject) };
}
