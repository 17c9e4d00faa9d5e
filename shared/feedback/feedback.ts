/**
 * The public's feedback (e-petitions' Feedback): a comment (at most 32,768 characters), and
 * optionally a petition's link or title and an email address to reply to (each at most 255),
 * with the browser's user agent and the address it came from. Each piece is stored and emailed
 * to the team (FEEDBACK_EMAIL) in one transaction, through the outbox.
 *
 * Limit (e-petitions' RateLimit#feedback_rate, 2, over its sustained period): feedback from an
 * address that already sent more than FEEDBACK_RATE in the current window is answered exactly as
 * usual, and nothing is stored or sent. The window is a fixed one of RATE_SUSTAINED_SECONDS
 * (shared/domain/rate-limit.ts) where e-petitions counts over the last period.
 *
 * Access patterns:
 * - store one:        Put FEEDBACK / <created_at>#<uuid> (with its outbox message)
 * - the most recent:  Query FEEDBACK, newest first, at most `limit`
 * - count an address: the rate counters of shared/signatures/limits.ts (the address hashed)
 */
import { randomUUID } from "node:crypto";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { queryAll } from "../db/query.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { outboxPut } from "../mail/outbox.ts";
import { countIn, ipKey } from "../signatures/limits.ts";
import * as z from "../zod.ts";

/** e-petitions' default feedback_rate: earlier pieces one address may send in a window. */
export const FEEDBACK_RATE = 2;
export const MAX_COMMENT = 32_768;

const optional = (max: number, message: string) =>
  z.pipe(
    z.optional(z.string().check(z.trim(), z.maxLength(max, message))),
    z.transform((value) => (value ? value : null)),
  );

export const feedbackSchema = z.object({
  comment: z
    .string({ error: "Enter your comments" })
    .check(
      z.trim(),
      z.minLength(1, "Enter your comments"),
      z.maxLength(MAX_COMMENT, "Comments must be 32,768 characters or fewer"),
    ),
  petition_link_or_title: optional(255, "The petition title or link must be 255 characters or fewer"),
  email: z.pipe(
    z
      .optional(
        z.union([
          z.literal(""),
          z.email("Enter an email address in the correct format, like name@example.com"),
        ]),
      )
      .check(
        z.refine((value) => (value ?? "").length <= 255, "The email address must be 255 characters or fewer"),
      ),
    z.transform((value) => (value ? value : null)),
  ),
});
export type FeedbackInput = z.output<typeof feedbackSchema>;

export interface FeedbackSettings {
  FEEDBACK_EMAIL: string;
  RATE_SUSTAINED_SECONDS: number;
}

export interface FeedbackItem {
  id: string;
  comment: string;
  petition_link_or_title: string | null;
  email: string | null;
  user_agent: string | null;
  ip_address: string;
  created_at: string;
}

const SK_PREFIX = "FEEDBACK";

/**
 * Stores and emails one piece of feedback, or, over the limit, nothing: "limited". The caller
 * answers both alike.
 */
export async function sendFeedback(
  input: FeedbackInput,
  from: { ip: string; userAgent: string | null },
  settings: FeedbackSettings,
  now: Date,
): Promise<"stored" | "limited"> {
  const seen = await countIn(
    `feedback#${ipKey(from.ip)}`,
    randomUUID(),
    now,
    settings.RATE_SUSTAINED_SECONDS,
    FEEDBACK_RATE + 1,
  );
  // The count includes this piece: e-petitions refuses once the earlier ones exceed the rate.
  if (seen - 1 > FEEDBACK_RATE) {
    logger.info("feedback over the limit", { code: LogCode.feedbackLimited });
    return "limited";
  }
  const at = now.toISOString();
  const item: FeedbackItem = {
    id: randomUUID(),
    ...input,
    user_agent: from.userAgent ? from.userAgent.slice(0, 1000) : null,
    ip_address: from.ip,
    created_at: at,
  };
  const table = tableName();
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { PK: SK_PREFIX, SK: `${at}#${item.id}`, entity: "FEEDBACK", ...item },
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        outboxPut(
          {
            template: "feedback",
            to: settings.FEEDBACK_EMAIL,
            data: {
              comment: item.comment,
              petition_link_or_title: item.petition_link_or_title,
              email: item.email,
              user_agent: item.user_agent,
              ip_address: item.ip_address,
            },
          },
          now,
          table,
        ),
      ],
    }),
  );
  return "stored";
}

/** The most recent feedback, newest first. */
export async function recentFeedback(limit = 50): Promise<FeedbackItem[]> {
  const items = await queryAll(
    {
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": SK_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    },
    limit,
  );
  return items.map(({ id, comment, petition_link_or_title, email, user_agent, ip_address, created_at }) => ({
    id,
    comment,
    petition_link_or_title,
    email,
    user_agent,
    ip_address,
    created_at,
  })) as FeedbackItem[];
}
