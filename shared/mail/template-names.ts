/**
 * The name of every email template, and nothing else: code that only writes an outbox message or
 * a mass-mail job names its template from here, so its bundle does not carry the templates
 * themselves (shared/mail/templates.ts registers exactly one template per name; a name without
 * one, or one without a name, does not compile).
 */
export const templateNames = [
  "confirm_petition",
  "gather_sponsors",
  "confirm_sponsor",
  "moderation_pending",
  "petition_published",
  "petition_rejected",
  "sponsor_petition_published",
  "sponsor_petition_rejected",
  "sponsor_signed",
  "confirm_signature",
  "duplicate_signature",
  "threshold_response",
  "threshold_debate",
  "threshold_report",
  "government_response",
  "debate_scheduled",
  "debate_outcome",
  "other_business",
  "feedback",
  "moderation_delayed",
  "dissolution_announcement",
  "petition_stopped",
] as const;

export type TemplateName = (typeof templateNames)[number];
