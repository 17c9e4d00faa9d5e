/**
 * Recounting a petition from its signatures, for when the stream counter could not: a batch
 * that failed after its retries, or drift found by the reconciliation job.
 *
 * A recount never writes a total. It adds up the petition's validated signatures and writes the
 * difference from the counts item as a correction delta, which stage 2 merges like any other,
 * with an audit entry. Signatures carry no mark of having been counted, so a recount cannot
 * tell a change the counter has not reached yet (a record still in the stream) from drift: it
 * writes only while the petition is quiet (recountPetition), and otherwise leaves its mark for
 * the next run.
 *
 * Access patterns:
 * - mark a petition for recount:   Put RECOUNT / PETITION#<id>
 * - the petitions marked:          Query RECOUNT, oldest first
 * - unmark once recounted:         DeleteItem, condition: marked at the time read
 * - the marks' rotation position:  Get/Put/Delete RECONCILE / MARKS
 * - a petition's signatures:       Query signers SIGNERS#<petition>#<shard>, shard by shard
 * - the rotation's position:       Get/Put/Delete RECONCILE / CURSOR (where the last run stopped
 *                                  among the open petitions)
 */
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { pad } from "../db/keys.ts";
import { queryFrom, type StartKey } from "../db/query.ts";
import { type CountsRecord, countsKey, countsOf, documentAndCounts } from "../petitions/counts.ts";
import { openPetitionsAfter } from "../petitions/items.ts";
import {
  type CountChange,
  type CountEntry,
  type CountSettings,
  changeOf,
  isEmptyChange,
  noChange,
} from "./count.ts";
import { correctionPut, hasPendingDeltas } from "./count-deltas.ts";
import { auditPut } from "./count-write.ts";
import { signatureRecordSchema } from "./model.ts";
import { signerPages } from "./store.ts";

export interface RecountSettings extends CountSettings {
  SIGNER_INDEX_SHARDS: number;
}

export const recountMarkKey = (petitionId: number) => ({ PK: "RECOUNT", SK: `PETITION#${pad(petitionId)}` });

export interface RecountMark {
  petition_id: number;
  cause: string;
  marked_at: string;
}

/** Marks a petition for recount; the reconciliation job recounts every marked petition. */
export async function markForRecount(petitionId: number, cause: string, now: Date): Promise<RecountMark> {
  const mark: RecountMark = { petition_id: petitionId, cause, marked_at: now.toISOString() };
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...recountMarkKey(petitionId), entity: "RECOUNT", ...mark },
    }),
  );
  return mark;
}

const marksCursorKey = { PK: "RECONCILE", SK: "MARKS" } as const;

/**
 * The next marks after the rotation's position among them (wrapping after the last): a mark
 * whose petition is not quiet yet stays, and must not keep the marks behind it waiting.
 */
export async function markedForRecount(limit: number): Promise<RecountMark[]> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: marksCursorKey, ConsistentRead: true }),
  );
  const { items, next } = await queryFrom(
    {
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": "RECOUNT" },
      ConsistentRead: true,
      Limit: limit,
    },
    (Item?.after as StartKey | undefined) ?? null,
  );
  if (next) {
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...marksCursorKey, after: next } }));
  } else if (Item) {
    await db.send(new DeleteCommand({ TableName: tableName(), Key: marksCursorKey }));
  }
  return items as unknown as RecountMark[];
}

/** Removes the mark, unless it was marked again since `mark` was read (then it stays for the next run). */
export async function unmark(mark: RecountMark): Promise<void> {
  try {
    await db.send(
      new DeleteCommand({
        TableName: tableName(),
        Key: recountMarkKey(mark.petition_id),
        ConditionExpression: "marked_at = :at",
        ExpressionAttributeValues: { ":at": mark.marked_at },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
  }
}

const cursorKey = { PK: "RECONCILE", SK: "CURSOR" } as const;

/** The next open petitions after the rotation's cursor; the cursor wraps to the start after the last. */
export async function nextOpenPetitions(limit: number): Promise<number[]> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: cursorKey, ConsistentRead: true }),
  );
  const { ids, next } = await openPetitionsAfter(Item?.after as Record<string, unknown> | undefined, limit);
  if (next) await db.send(new PutCommand({ TableName: tableName(), Item: { ...cursorKey, after: next } }));
  else await db.send(new DeleteCommand({ TableName: tableName(), Key: cursorKey }));
  return ids;
}

/** Signatures changed this recently may still be on their way through the stream. */
export const QUIET_MS = 3_600_000;

/** When a signature last changed in a way the counts see (created, confirmed, invalidated). */
const changedAt = (item: Record<string, unknown>) =>
  [item.created_at, item.validated_at, item.invalidated_at]
    .filter((v): v is string => typeof v === "string")
    .sort()
    .at(-1) ?? "";

/** What the signatures add up to: each validated signature counted once, as the counter does. */
export function exactChange(items: readonly Record<string, unknown>[]): CountChange {
  const entries: CountEntry[] = [];
  for (const item of items) {
    const parsed = signatureRecordSchema.safeParse(item);
    if (!parsed.success || parsed.data.state !== "validated") continue;
    entries.push({
      signature: parsed.data,
      delta: 1,
      subscriberDelta: parsed.data.notify_by_email ? 1 : 0,
      sequence: "",
    });
  }
  return changeOf(entries);
}

/** The correction that takes `counts` to `exact` (hours left as they are), or null when they agree. */
export function correctionOf(counts: CountsRecord, exact: CountChange): CountChange | null {
  const diff = (want: Record<string, number>, have: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const key of new Set([...Object.keys(want), ...Object.keys(have)])) {
      const d = (want[key] ?? 0) - (have[key] ?? 0);
      if (d !== 0) out[key] = d;
    }
    return out;
  };
  const change: CountChange = {
    ...noChange(),
    signature_count: exact.signature_count - counts.signature_count,
    sponsor_count: exact.sponsor_count - counts.sponsor_count,
    subscriber_count: exact.subscriber_count - counts.subscriber_count,
    by_country: diff(exact.by_country, counts.by_country),
    by_constituency: diff(exact.by_constituency, counts.by_constituency),
    by_region: diff(exact.by_region, counts.by_region),
  };
  return isEmptyChange(change) ? null : change;
}

export interface RecountResult {
  petitionId: number;
  /** Signatures (and subscriptions) the correction moved; 0 when the counts agreed or it waited. */
  corrected: number;
  /** False when the petition was not quiet: nothing was written, and a mark stays for the next run. */
  quiet: boolean;
}

/**
 * Recounts one petition from its signatures and writes the difference as a correction delta
 * (merged by stage 2 like any other) with its audit entry, in one transaction on condition that
 * the counts item is as read. Only while the petition is quiet: no delta of it waiting to be
 * merged and no signature of it changed within QUIET_MS. A change still in the stream cannot be
 * seen from here; the recount would count it, and then the stream would count it again.
 */
export async function recountPetition(
  petitionId: number,
  settings: RecountSettings,
  cause: string,
  now: () => Date = () => new Date(),
): Promise<RecountResult> {
  const waiting = { petitionId, corrected: 0, quiet: false };
  if (await hasPendingDeltas(petitionId)) return waiting;
  const { document, counts } = await documentAndCounts(petitionId, true);
  if (!document) return { petitionId, corrected: 0, quiet: true };
  const quietSince = new Date(now().getTime() - QUIET_MS).toISOString();
  if (counts && counts.updated_at > quietSince) return waiting;
  const items: Record<string, unknown>[] = [];
  for await (const page of signerPages(petitionId, settings.SIGNER_INDEX_SHARDS)) {
    for (const item of page) {
      if (changedAt(item) > quietSince) return waiting;
      items.push(item);
    }
  }
  const current = counts ?? countsOf(document);
  const correction = correctionOf(current, exactChange(items));
  if (!correction) return { petitionId, corrected: 0, quiet: true };
  const at = now();
  const table = tableName();
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: table,
            Key: countsKey(petitionId),
            ConditionExpression: counts ? "version = :version" : "attribute_not_exists(PK)",
            ...(counts ? { ExpressionAttributeValues: { ":version": counts.version } } : {}),
          },
        },
        correctionPut(petitionId, correction, at, table),
        auditPut(
          petitionId,
          {
            old_count: current.signature_count,
            new_count: current.signature_count + correction.signature_count,
          },
          movedBy(correction),
          cause,
          at,
          table,
        ),
      ],
    }),
  );
  return { petitionId, corrected: movedBy(correction), quiet: true };
}

/** How many signatures (and subscriptions) a change moves; at least one when it moves anything. */
export const movedBy = (c: CountChange) =>
  Math.max(1, Math.abs(c.signature_count) + Math.abs(c.subscriber_count));
