/**
 * Whether moderation is delayed (e-petitions' `Site#moderation_delay?`): the petitions awaiting
 * moderation, from the per-state tally (one read), against the site settings' threshold. Creators
 * are then told it will take longer: the start pages' notice and the "with delay" emails. The
 * sysadmins can also email the creators of overdue petitions their own "moderation is delayed" text.
 *
 * Access patterns:
 * - the queue's length:       GetItem of the state tally
 * - overdue petitions:        Query byState STATE#sponsored, byStateSK < 14 days ago (at most 5,000)
 * - a mailing:                per petition GetItem of its creator's signature and a conditional Put
 *                             OUTBOX#delay-<mailing>-<petition>; Put MODERATION_DELAY / MAILING#<time>#<mailing>
 */
import { createHash } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { oneLineString } from "../domain/one-line.ts";
import { IN_MODERATION } from "../domain/petition-state.ts";
import { moderationDelayed } from "../domain/site-settings.ts";
import { outboxPut } from "../mail/outbox.ts";
import { pool } from "../pool.ts";
import { getCreator } from "../signatures/store.ts";
import * as z from "../zod.ts";
import { stateTally } from "./items.ts";
import { overdueInModeration } from "./queues.ts";

/** Petitions awaiting moderation now (supported and flagged). */
export async function moderationQueueLength(): Promise<number> {
  const tally = await stateTally();
  return IN_MODERATION.reduce((sum, state) => sum + (tally[state] ?? 0), 0);
}

export async function isModerationDelayed(site: {
  threshold_for_moderation_delay: number;
}): Promise<boolean> {
  return moderationDelayed(await moderationQueueLength(), site);
}

/** The sysadmins' "moderation is delayed" email: their subject and body (e-petitions' `ModerationDelay`). */
export const delayMailSchema = z.object({
  subject: oneLineString("subject").check(
    z.trim(),
    z.minLength(1, "Enter a subject"),
    z.maxLength(100, "Keep the subject to 100 characters"),
  ),
  body: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Enter the message"),
      z.maxLength(2000, "Keep the message to 2,000 characters"),
    ),
});
export type DelayMail = z.output<typeof delayMailSchema>;

/** The most overdue petitions one mailing reaches (oldest first). */
export const MAX_DELAY_RECIPIENTS = 5_000;
const WRITERS = 10;

/**
 * The mailing's id: the same text sent again the same (UTC) day is the same mailing, so a second
 * press of "send" emails nobody twice.
 */
const mailingId = (mail: DelayMail, now: Date) =>
  createHash("sha256")
    .update(`${now.toISOString().slice(0, 10)}\n${mail.subject}\n${mail.body}`)
    .digest("hex")
    .slice(0, 24);

/** How many petitions are overdue in moderation now (at most MAX_DELAY_RECIPIENTS counted). */
export async function overdueCount(now: Date): Promise<number> {
  return (await overdueInModeration(now, MAX_DELAY_RECIPIENTS)).length;
}

/**
 * Emails the creator of each petition overdue in moderation, once per petition and mailing: one
 * outbox message each, under an id fixed by the mailing and the petition (a repeat writes
 * nothing), and an entry recording who sent what, when, to how many.
 */
export async function mailOverdueCreators(
  mail: DelayMail,
  staffId: string,
  now: Date,
): Promise<{ mailing: string; overdue: number; queued: number }> {
  const mailing = mailingId(mail, now);
  const petitions = await overdueInModeration(now, MAX_DELAY_RECIPIENTS);
  const table = tableName();
  let queued = 0;
  await pool(petitions, WRITERS, async (petition) => {
    const creator = await getCreator(petition);
    if (!creator) return;
    const message = {
      id: `delay-${mailing}-${petition.id}`,
      template: "moderation_delayed" as const,
      to: creator.email,
      petitionId: petition.id,
      data: { petition_id: petition.id, action: petition.action, name: creator.name, ...mail },
    };
    if (await writeIf(() => db.send(new PutCommand(outboxPut(message, now, table).Put)))) queued++;
  });
  await db.send(
    new PutCommand({
      TableName: table,
      Item: {
        PK: "MODERATION_DELAY",
        SK: `MAILING#${now.toISOString()}#${mailing}`,
        entity: "DELAY_MAILING",
        mailing,
        at: now.toISOString(),
        by: staffId,
        subject: mail.subject,
        overdue: petitions.length,
        queued,
      },
    }),
  );
  return { mailing, overdue: petitions.length, queued };
}
