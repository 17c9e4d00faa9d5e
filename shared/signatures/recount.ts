/**
 * Recounting a petition from its signatures, for when the stream counter could not: a batch
 * that failed after its retries, or drift found by the reconciliation job.
 *
 * A recount never writes a total. It finds every signature whose `counted` mark disagrees with
 * its state (validated but not counted, or counted but no longer validated) and hands those to
 * the stream counter's own write (countForPetition): one transaction per petition that moves the
 * counts and flips each signature's mark on condition that it still has the state the recount
 * read. So a recount racing the stream counter on the same signature applies it once: whichever
 * writes second fails the mark's condition and drops it. The signer index it reads is eventually
 * consistent; a stale item only proposes a change whose condition then fails, never a wrong one.
 *
 * Access patterns:
 * - mark a petition for recount:   Put RECOUNT / PETITION#<id>
 * - the petitions marked:          Query RECOUNT, oldest first
 * - unmark once recounted:         DeleteItem, condition: marked at the time read
 * - a petition's signatures:       Query signers SIGNERS#<petition>#<shard>, shard by shard
 * - the rotation's position:       Get/Put/Delete RECONCILE / CURSOR (where the last run stopped
 *                                  among the open petitions)
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { pad } from "../db/keys.ts";
import { openPetitionsAfter } from "../petitions/items.ts";
import type { CountEntry, CountSettings } from "./count.ts";
import { countForPetition } from "./count-write.ts";
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

export async function markedForRecount(limit: number): Promise<RecountMark[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": "RECOUNT" },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return Items as RecountMark[];
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

/** The change a signature's mark is missing, or null when its mark agrees with its state. */
export function missingEntry(item: Record<string, unknown>): CountEntry | null {
  const parsed = signatureRecordSchema.safeParse(item);
  if (!parsed.success) return null;
  const signature = parsed.data;
  const counted = item.counted === true;
  const subscribed = item.counted_sub === true;
  const shouldCount = signature.state === "validated";
  const shouldSubscribe = shouldCount && signature.notify_by_email;
  const delta = (Number(shouldCount) - Number(counted)) as CountEntry["delta"];
  const subscriberDelta = (Number(shouldSubscribe) - Number(subscribed)) as CountEntry["subscriberDelta"];
  if (delta === 0 && subscriberDelta === 0) return null;
  return { signature, delta, subscriberDelta, before: { counted, subscribed }, sequence: "" };
}

export interface RecountResult {
  petitionId: number;
  /** Signatures whose change had not been applied, and now is. */
  corrected: number;
}

/** Recounts one petition from its signatures; the corrections carry `cause` in their audit entries. */
export async function recountPetition(
  petitionId: number,
  settings: RecountSettings,
  cause: string,
  now: () => Date = () => new Date(),
): Promise<RecountResult> {
  const entries: CountEntry[] = [];
  for await (const page of signerPages(petitionId, settings.SIGNER_INDEX_SHARDS)) {
    for (const item of page) {
      const entry = missingEntry(item);
      if (entry) entries.push(entry);
    }
  }
  if (entries.length === 0) return { petitionId, corrected: 0 };
  const corrected = await countForPetition(petitionId, entries, settings, now, { cause });
  return { petitionId, corrected };
}
