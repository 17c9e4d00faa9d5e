/**
 * The transactional outbox: a state change writes the message it owes in the same
 * transaction, and the SendMail stream function sends it once. (The public's first signature
 * on a petition carries its own email instead: signature-mail.ts.)
 *
 * A message joins the sweeper's queue (the sparse `due` index) only when the stream consumer has
 * given up on it: its batch still failed after Lambda's retries, or grew older than the
 * mapping's record age, and Lambda's on-failure record of the batch was read back from the
 * stream (shared/mail/requeue.ts). So a message costs no index writes on the way that almost
 * every message takes, and the stream consumer never meets the sweeper on one: it sends
 * without a claim. The sweeper claims each message it sends with a conditional update, so two
 * sweeps never send one at the same time. A claim lasts longer than any function may run
 * (Lambda's 15-minute limit): once it has lapsed, its holder has stopped, and the message may
 * be claimed again.
 *
 * Access patterns:
 * - put a message:        Put OUTBOX#<id> / OUTBOX (inside the caller's transaction)
 * - queue it for the sweeper: UpdateItem SET duePK/dueSK (under OUTBOX by creation time),
 *                         condition: neither sent nor withheld
 * - claim it:             UpdateItem, condition: unsent, and unclaimed, lapsed or claimed by the same sender
 * - mark it sent:         UpdateItem, condition: not sent before; leaves the `due` index and drops
 *                         the message's links, which hold tokens (confirmation, supporter, unsubscribe)
 * - was it sent?          GetItem, consistent (a withheld message counts as settled; with when
 *                         it joined the sweeper's queue)
 * - withhold it:          UpdateItem, condition: neither sent nor withheld before; leaves the `due` index
 * - unsent since a time:  Query due OUTBOX, dueSK < time (keys: the index holds no message body
 *                         nor claim), then BatchGetItem of those messages
 */
import { randomUUID } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { outboxKey } from "../db/keys.ts";
import { queryPages } from "../db/query.ts";
import { sparseList } from "../db/sparse-list.ts";
import { backOff } from "../retry.ts";
import * as z from "../zod.ts";
import { templateNames } from "./template-names.ts";

/** Sent messages are kept two weeks for support questions, then expire. */
const RETAIN_SECONDS = 14 * 24 * 3600;
/** The `due` index partition of unsent messages. */
export const OUTBOX_DUE = "OUTBOX";
/** The sweeper's queue: unsent messages the stream consumer gave up on, by creation time. */
export const unsentList = sparseList("due", OUTBOX_DUE);
/** A claim outlives any invocation that holds it: Lambda stops every function within 15 minutes. */
export const CLAIM_SECONDS = 15 * 60;
/** The stream consumer's claimant name: one shard's batches never run at once, so it may re-claim its own. */
export const STREAM_CLAIMANT = "stream";

export const outboxMessageSchema = z.object({
  entity: z.literal("OUTBOX"),
  id: z.string().check(z.minLength(1)),
  template: z.enum(templateNames),
  to: z.email(),
  data: z.record(z.string(), z.unknown()),
  petition_id: z.optional(z.number().check(z.int())),
  created_at: z.string(),
  sent_at: z.optional(z.string()),
  /** Set instead of sent_at when the address must not be emailed: never retried, never sent later. */
  withheld_at: z.optional(z.string()),
});
export type OutboxMessage = z.output<typeof outboxMessageSchema>;

export interface NewMessage {
  template: (typeof templateNames)[number];
  to: string;
  data: Record<string, unknown>;
  petitionId?: number;
  /** A fixed id makes the write idempotent: a second put of the same message writes nothing. */
  id?: string;
}

/** A Put for a TransactWriteItems list. */
export function outboxPut(message: NewMessage, now: Date, table = tableName()) {
  const id = message.id ?? randomUUID();
  return {
    Put: {
      TableName: table,
      Item: {
        ...outboxKey(id),
        entity: "OUTBOX",
        id,
        template: message.template,
        to: message.to,
        data: message.data,
        ...(message.petitionId !== undefined ? { petition_id: message.petitionId } : {}),
        created_at: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + RETAIN_SECONDS,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

/** A Put of a message already in the sweeper's queue, by `createdAt` (a signature's email the consumer gave up on). */
export function queuedOutboxPut(message: NewMessage, createdAt: Date, table = tableName()) {
  const put = outboxPut(message, createdAt, table).Put;
  return {
    Put: { ...put, Item: { ...put.Item, ...unsentList.entry(createdAt.toISOString(), put.Item.id) } },
  };
}

/**
 * Puts an unsent message in the sweeper's queue, by its creation time, so the next sweep takes
 * it. False when it was settled (sent or withheld) or is gone (expired): nothing to queue.
 */
export async function queueForSweep(id: string, createdAt: string): Promise<boolean> {
  const { duePK, dueSK } = unsentList.entry(createdAt, id);
  return writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboxKey(id),
        UpdateExpression: "SET duePK = :pk, dueSK = :sk",
        ConditionExpression:
          "attribute_exists(PK) AND attribute_not_exists(sent_at) AND attribute_not_exists(withheld_at)",
        ExpressionAttributeValues: { ":pk": duePK, ":sk": dueSK },
      }),
    ),
  );
}

/**
 * Whether the message is settled (sent or withheld) and, while unsent, when it joined the
 * sweeper's queue (its `due` sort key's time, epoch ms).
 */
export async function outboxState(id: string): Promise<{ settled: boolean; queuedAt: number | null }> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName(),
      Key: outboxKey(id),
      ConsistentRead: true,
      ProjectionExpression: "sent_at, withheld_at, dueSK",
    }),
  );
  const queued = typeof Item?.dueSK === "string" ? Date.parse(Item.dueSK.split("#")[0] ?? "") : Number.NaN;
  return {
    settled: Boolean(Item?.sent_at || Item?.withheld_at),
    queuedAt: Number.isNaN(queued) ? null : queued,
  };
}

/**
 * Settles a message without sending it (the address is suppressed). Returns false when it was
 * already settled, sent or withheld, by an earlier attempt.
 */
export async function markWithheld(id: string, reason: string, now: Date): Promise<boolean> {
  return writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboxKey(id),
        UpdateExpression: "SET withheld_at = :now, withheld_reason = :reason REMOVE duePK, dueSK",
        ConditionExpression:
          "attribute_exists(PK) AND attribute_not_exists(sent_at) AND attribute_not_exists(withheld_at)",
        ExpressionAttributeValues: { ":now": now.toISOString(), ":reason": reason },
      }),
    ),
  );
}

/** Tries of the write that records a send (each with the SDK's own retries). */
const MARK_SENT_TRIES = 5;

/**
 * Records that SES took a message. SES has already accepted it, so this write is tried harder
 * than others (a send left unrecorded is sent again by the next attempt); a condition that no
 * longer holds means an earlier try was recorded and its answer lost.
 */
export async function recordSend(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await writeIf(write);
      return;
    } catch (error) {
      if (attempt >= MARK_SENT_TRIES - 1) throw error;
      await backOff(attempt, { baseMs: 50, capMs: 1_000, jitter: "full" });
    }
  }
}

export async function markSent(id: string, messageId: string, now: Date): Promise<void> {
  await recordSend(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboxKey(id),
        // Once sent, a stored link would only be a working token lying in the table.
        UpdateExpression:
          "SET sent_at = :now, ses_message_id = :mid REMOVE duePK, dueSK, claimed_by, claimed_until, #data.#link, #data.#unsubscribe",
        ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(sent_at)",
        ExpressionAttributeNames: { "#data": "data", "#link": "link", "#unsubscribe": "unsubscribe_url" },
        ExpressionAttributeValues: { ":now": now.toISOString(), ":mid": messageId },
      }),
    ),
  );
}

/**
 * Claims an unsent message for `claimant`; false when it was sent, or another sender holds a
 * claim that has not lapsed.
 */
export async function claim(id: string, claimant: string, now: Date): Promise<boolean> {
  return writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboxKey(id),
        UpdateExpression: "SET claimed_by = :me, claimed_until = :until",
        ConditionExpression:
          "attribute_exists(PK) AND attribute_not_exists(sent_at) AND (attribute_not_exists(claimed_until) OR claimed_until < :now OR claimed_by = :me)",
        ExpressionAttributeValues: {
          ":me": claimant,
          ":now": now.toISOString(),
          ":until": new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString(),
        },
      }),
    ),
  );
}

/** Gives a claim back after a send that failed, so the next attempt (anyone's) need not wait for it to lapse. */
export async function release(id: string, claimant: string): Promise<void> {
  await writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboxKey(id),
        UpdateExpression: "REMOVE claimed_by, claimed_until",
        ConditionExpression: "claimed_by = :me AND attribute_not_exists(sent_at)",
        ExpressionAttributeValues: { ":me": claimant },
      }),
    ),
  );
}

/** Messages still unsent that were written before `cutoff` (ISO), a page at a time, oldest first. */
export async function* unsentBefore(
  cutoff: string,
  pageSize = 50,
): AsyncGenerator<Record<string, unknown>[]> {
  const pages = queryPages(
    unsentList.before(cutoff, { ProjectionExpression: "PK, SK, created_at", Limit: pageSize }),
  );
  for await (const keys of pages) {
    if (keys.length === 0) continue;
    const order = new Map(keys.map((k, i) => [`${k.PK}`, i]));
    const found = await batchGet(keys.map(({ PK, SK }) => ({ PK, SK })));
    yield found.sort((a, b) => (order.get(`${a.PK}`) ?? 0) - (order.get(`${b.PK}`) ?? 0));
  }
}
