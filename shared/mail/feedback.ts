/**
 * SES's feedback on what the service sent, as the configuration set's event destination
 * publishes it to EventBridge (detail: the SES event record, `eventType`, `mail`, and one of
 * `bounce`, `complaint`, `deliveryDelay`, `reject`).
 *
 * - A permanent bounce or a complaint puts each recipient it names on the suppression list, and
 *   unsubscribes the signature the email was sent for (its `signature` message tag), so the
 *   petition's subscriber count no longer holds it. Work per event: one Put per recipient and
 *   at most one Update, whatever the address has signed; the suppression list stops every other
 *   email to the address, update emails included.
 * - A transient bounce, a delivery delay and a reject are only counted: the address may work
 *   tomorrow.
 */
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import { signatureIdSchema } from "../signatures/model.ts";
import { setNotify } from "../signatures/store.ts";
import * as z from "../zod.ts";
import { suppress } from "./suppression.ts";
import { MAIL_TAG } from "./tags.ts";

const recipients = z._default(z.array(z.looseObject({ emailAddress: z.string() })), []);

export const sesEventSchema = z.object({
  eventType: z.string(),
  mail: z.looseObject({
    messageId: z.optional(z.string()),
    destination: z._default(z.array(z.string()), []),
    tags: z._default(z.record(z.string(), z.array(z.string())), {}),
  }),
  bounce: z.optional(
    z.looseObject({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: recipients,
    }),
  ),
  complaint: z.optional(
    z.looseObject({
      complainedRecipients: recipients,
      complaintFeedbackType: z.optional(z.string()),
    }),
  ),
  deliveryDelay: z.optional(z.looseObject({ delayType: z.optional(z.string()) })),
  reject: z.optional(z.looseObject({ reason: z.optional(z.string()) })),
});
export type SesEvent = z.output<typeof sesEventSchema>;

export const eventBridgeSesEventSchema = z.object({
  source: z.literal("aws.ses"),
  "detail-type": z.string(),
  detail: sesEventSchema,
});

export type FeedbackOutcome =
  | {
      kind: "suppressed";
      reason: "bounce" | "complaint";
      recipients: number;
      added: number;
      unsubscribed: boolean;
    }
  | { kind: "counted"; eventType: string; recipients: number }
  | { kind: "ignored"; eventType: string };

/** What the event means for the service (pure). */
export function classify(
  event: SesEvent,
):
  | { action: "suppress"; reason: "bounce" | "complaint"; emails: string[]; detail: string | null }
  | { action: "count"; metric: "EmailBounced" | "EmailDelayed" | "EmailRejected"; emails: string[] }
  | { action: "ignore" } {
  switch (event.eventType) {
    case "Bounce": {
      const emails = (event.bounce?.bouncedRecipients ?? []).map((r) => r.emailAddress);
      const targets = emails.length > 0 ? emails : event.mail.destination;
      if (event.bounce?.bounceType === "Permanent")
        return {
          action: "suppress",
          reason: "bounce",
          emails: targets,
          detail: event.bounce.bounceSubType ?? null,
        };
      return { action: "count", metric: "EmailBounced", emails: targets };
    }
    case "Complaint": {
      const emails = (event.complaint?.complainedRecipients ?? []).map((r) => r.emailAddress);
      return {
        action: "suppress",
        reason: "complaint",
        emails: emails.length > 0 ? emails : event.mail.destination,
        detail: event.complaint?.complaintFeedbackType ?? null,
      };
    }
    case "DeliveryDelay":
      return { action: "count", metric: "EmailDelayed", emails: event.mail.destination };
    case "Reject":
      return { action: "count", metric: "EmailRejected", emails: event.mail.destination };
    default:
      return { action: "ignore" };
  }
}

/** The signature an email was sent for, from its message tag. */
export function taggedSignature(event: SesEvent): string | null {
  const value = event.mail.tags[MAIL_TAG.signature]?.[0];
  return value && signatureIdSchema.safeParse(value).success ? value : null;
}

export async function applyFeedback(event: SesEvent, now: Date): Promise<FeedbackOutcome> {
  const decision = classify(event);
  const template = event.mail.tags[MAIL_TAG.template]?.[0];
  if (decision.action === "ignore") return { kind: "ignored", eventType: event.eventType };
  if (decision.action === "count") {
    for (const _ of decision.emails) recordMetric(decision.metric);
    logger.info("mail feedback counted", {
      code: LogCode.mailFeedbackCounted,
      eventType: event.eventType,
      template,
    });
    return { kind: "counted", eventType: event.eventType, recipients: decision.emails.length };
  }
  let added = 0;
  for (const email of decision.emails) {
    recordMetric(decision.reason === "bounce" ? "EmailBounced" : "EmailComplained");
    if (await suppress(email, { reason: decision.reason, detail: decision.detail, by: "ses" }, now))
      added += 1;
  }
  const signature = taggedSignature(event);
  let unsubscribed = false;
  if (signature) {
    try {
      unsubscribed = await setNotify(signature, false);
    } catch (error) {
      // The signature is gone (anonymised or expired unconfirmed): nothing left to unsubscribe.
      if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
    }
  }
  logger.info("address suppressed after SES feedback", {
    code: LogCode.mailSuppressed,
    reason: decision.reason,
    template,
    recipients: decision.emails.length,
    added,
    unsubscribed,
  });
  return {
    kind: "suppressed",
    reason: decision.reason,
    recipients: decision.emails.length,
    added,
    unsubscribed,
  };
}
