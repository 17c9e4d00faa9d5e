/**
 * SES's feedback events, played locally: the engine notes every SendEmail its functions make
 * (recipient, message id, the message tags SES would publish) and `POST /_local/mail-events`
 * with `{type, email}` builds the event SES would publish for the newest email to that address,
 * in the shape EventBridge delivers it (source `aws.ses`, the detail type, the SES event record
 * as `detail`), for the functions the topology subscribes to it.
 */
import { randomUUID } from "node:crypto";
import { SES_FEEDBACK_EVENTS, type SesFeedbackKind } from "../../shared/mail/ses-event-types.ts";
import type { ClientKind } from "../../shared/sdk-hooks.ts";
import * as z from "../../shared/zod.ts";
import { LOCAL_REGION } from "./emulators.ts";

export const mailEventSchema = z.object({
  type: z.enum(Object.keys(SES_FEEDBACK_EVENTS) as [SesFeedbackKind, ...SesFeedbackKind[]]),
  email: z.email(),
});
export type MailEventRequest = z.output<typeof mailEventSchema>;

interface SentMail {
  messageId: string;
  to: string[];
  source: string;
  tags: Record<string, string[]>;
  at: string;
}

const LOCAL_ACCOUNT = "000000000000";
const KEEP = 20_000;

export class SentMailLog {
  private readonly sent: SentMail[] = [];

  /** A client hook recording each SendEmail the local SES accepted. */
  plugin(kind: ClientKind) {
    if (kind !== "ses") return undefined;
    return {
      applyToStack: (stack: { add(middleware: unknown, options: unknown): void }) => {
        stack.add(
          (
            next: (args: { input: unknown }) => Promise<{ output?: { MessageId?: string } }>,
            context: { commandName?: string },
          ) =>
            async (args: { input: unknown }) => {
              const result = await next(args);
              if (context.commandName === "SendEmailCommand") this.note(args.input, result.output?.MessageId);
              return result;
            },
          { step: "initialize", name: "localSentMailLog" },
        );
      },
    };
  }

  private note(input: unknown, messageId: string | undefined): void {
    const send = input as {
      FromEmailAddress?: string;
      Destination?: { ToAddresses?: string[] };
      EmailTags?: { Name: string; Value: string }[];
    };
    const tags: Record<string, string[]> = {};
    for (const tag of send.EmailTags ?? []) tags[tag.Name] = [...(tags[tag.Name] ?? []), tag.Value];
    this.sent.push({
      messageId: messageId ?? randomUUID(),
      to: send.Destination?.ToAddresses ?? [],
      source: send.FromEmailAddress ?? "",
      tags,
      at: new Date().toISOString(),
    });
    if (this.sent.length > KEEP) this.sent.splice(0, this.sent.length - KEEP);
  }

  newestTo(email: string): SentMail | undefined {
    const wanted = email.trim().toLowerCase();
    for (let i = this.sent.length - 1; i >= 0; i--) {
      if (this.sent[i]?.to.some((to) => to.toLowerCase() === wanted)) return this.sent[i];
    }
    return undefined;
  }

  clear(): void {
    this.sent.length = 0;
  }
}

/** The EventBridge event SES publishes for this feedback on the newest email to the address. */
export function sesFeedbackEvent(request: MailEventRequest, mail: SentMail | undefined, now = new Date()) {
  const kind = SES_FEEDBACK_EVENTS[request.type];
  const at = now.toISOString();
  const recipient = { emailAddress: request.email };
  const detail = {
    eventType: kind.eventType,
    mail: {
      timestamp: mail?.at ?? at,
      source: mail?.source ?? "",
      sendingAccountId: LOCAL_ACCOUNT,
      messageId: mail?.messageId ?? randomUUID(),
      destination: mail?.to ?? [request.email],
      headersTruncated: false,
      tags: {
        "ses:configuration-set": ["local"],
        "ses:from-domain": [(mail?.source.match(/@([^>\s]+)/)?.[1] ?? "localhost").toLowerCase()],
        ...mail?.tags,
      },
    },
    ...(request.type === "bounce"
      ? {
          bounce: {
            bounceType: "Permanent",
            bounceSubType: "General",
            bouncedRecipients: [
              {
                ...recipient,
                action: "failed",
                status: "5.1.1",
                diagnosticCode: "smtp; 550 5.1.1 user unknown",
              },
            ],
            timestamp: at,
            feedbackId: randomUUID(),
          },
        }
      : {}),
    ...(request.type === "complaint"
      ? {
          complaint: {
            complainedRecipients: [recipient],
            complaintFeedbackType: "abuse",
            timestamp: at,
            feedbackId: randomUUID(),
          },
        }
      : {}),
    ...(request.type === "delay"
      ? {
          deliveryDelay: {
            delayType: "MailboxFull",
            delayedRecipients: [
              { ...recipient, status: "4.2.2", diagnosticCode: "smtp; 452 4.2.2 Mailbox full" },
            ],
            timestamp: at,
          },
        }
      : {}),
    ...(request.type === "reject" ? { reject: { reason: "Bad content" } } : {}),
  };
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": kind.detailType,
    source: "aws.ses",
    account: LOCAL_ACCOUNT,
    time: at,
    region: LOCAL_REGION,
    resources: [`arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:configuration-set/local`],
    detail,
  };
}
