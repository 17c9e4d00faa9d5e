/**
 * Stage 1's writes (the invariant is stated in shared/signatures/count.ts): a shard's cursor and
 * the immutable delta items stage 2 merges. This module owns both keys.
 *
 * Access patterns:
 * - a shard's cursor:                    Get CURSOR#<shard> / COUNT; Update SET on condition of
 *                                        the value read (or absent); removed by TTL days later
 * - a chunk's delta per petition:        Put COUNTDELTA#<petition>#<k> / <shard>#<first sequence>,
 *                                        condition: absent (k spreads one petition's deltas)
 * - a failed range applied once:         Put COUNTRANGE#<shard> / <start sequence>, condition: absent
 * - a correction:                        Put COUNTDELTA#<petition>#<k> / RECOUNT#<at>#<id>
 * - deltas not merged in time (sweep):   Query due COUNTDELTA#<k>, sort key < cutoff
 */
import { randomUUID } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { shardOf } from "../db/keys.ts";
import { queryPages } from "../db/query.ts";
import { sparseList } from "../db/sparse-list.ts";
import { backOff } from "../retry.ts";
import * as z from "../zod.ts";
import {
  type CountChange,
  type CountEntry,
  changesByPetition,
  chunkRecords,
  paddedSequence,
  type ShardRecord,
  sequenceAfter,
} from "./count.ts";

/**
 * Partitions one petition's deltas are spread over (by shard). Each is merged by its own stream
 * batches, so each is a merge transaction on the counts item per poll: at 5,000 signatures a
 * second, four keep every delta partition and the petition's own partition under 1,000 WCU/s
 * (docs/capacity.md (d)).
 */
export const DELTA_PARTITIONS = 4;
/** A cursor outlives its shard (read for 24 hours after it closes) by days. */
const CURSOR_DAYS = 7;

export const cursorKey = (shardId: string) => ({ PK: `CURSOR#${shardId}`, SK: "COUNT" });
const rangeKey = (shardId: string, start: string) => ({
  PK: `COUNTRANGE#${shardId}`,
  SK: paddedSequence(start),
});

const partitionOf = (source: string) => shardOf(source, DELTA_PARTITIONS);

/** Deltas by when they were written, one list per partition k (the sweep's). */
const deltaList = (k: number) => sparseList("due", `COUNTDELTA#${k}`);

export const deltaKey = (petitionId: number, source: string, id: string) => ({
  PK: `COUNTDELTA#${petitionId}#${partitionOf(source)}`,
  SK: id,
});

export interface CountDelta extends CountChange {
  entity: "COUNT_DELTA";
  PK: string;
  SK: string;
  petition_id: number;
  created_at: string;
}

const counts = z.record(z.string(), z.number());
/** A delta item as stage 2 reads it from the stream or the sweep. */
export const countDeltaSchema = z.looseObject({
  entity: z.literal("COUNT_DELTA"),
  PK: z.string(),
  SK: z.string(),
  petition_id: z.number().check(z.int()),
  created_at: z.string(),
  signature_count: z.number(),
  sponsor_count: z.number(),
  subscriber_count: z.number(),
  by_country: counts,
  by_constituency: counts,
  by_region: counts,
  hours: counts,
  added: z.number(),
  oldest_validated_at: z.optional(z.string()),
  newest_validated_at: z.optional(z.string()),
});

function deltaItem(petitionId: number, source: string, id: string, change: CountChange, now: Date) {
  const key = deltaKey(petitionId, source, id);
  const created = now.toISOString();
  return {
    ...key,
    entity: "COUNT_DELTA",
    petition_id: petitionId,
    created_at: created,
    ...change,
    // Sparse: a delta not merged in time is found by the sweep (shared/signatures/merge-sweep.ts).
    ...deltaList(partitionOf(source)).entry(created, `${key.PK}#${id}`),
  };
}

const putNew = (item: Record<string, unknown>, table: string) => ({
  Put: { TableName: table, Item: item, ConditionExpression: "attribute_not_exists(PK)" },
});

/** The last sequence number of the shard applied, or null when none has been. */
export async function readCursor(shardId: string): Promise<string | null> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: cursorKey(shardId), ConsistentRead: true }),
  );
  return typeof Item?.sequence === "string" ? Item.sequence : null;
}

/** One chunk in one transaction: the cursor moved to its last record, a delta per petition. */
async function writeChunk(
  shardId: string,
  chunk: readonly ShardRecord[],
  cursor: string | null,
  now: Date,
): Promise<"applied" | "stale" | "nothing"> {
  const table = tableName();
  const first = chunk[0]?.sequence as string;
  const last = chunk.at(-1)?.sequence as string;
  const changes = changesByPetition(chunk);
  // Records that change no count (or cancel out) need no write: a replay of them changes nothing.
  if (changes.size === 0) return "nothing";
  const expiresAt = Math.floor(now.getTime() / 1000) + CURSOR_DAYS * 86_400;
  const cursorUpdate = {
    Update: {
      TableName: table,
      Key: cursorKey(shardId),
      UpdateExpression: "SET #seq = :last, entity = :entity, expiresAt = :expires",
      ConditionExpression: cursor === null ? "attribute_not_exists(#seq)" : "#seq = :read",
      ExpressionAttributeNames: { "#seq": "sequence" },
      ExpressionAttributeValues: {
        ":last": last,
        ":entity": "COUNT_CURSOR",
        ":expires": expiresAt,
        ...(cursor === null ? {} : { ":read": cursor }),
      },
    },
  };
  const id = `${shardId}#${paddedSequence(first)}`;
  const deltas = [...changes].map(([petitionId, change]) =>
    putNew(deltaItem(petitionId, shardId, id, change, now), table),
  );
  for (let attempt = 0; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: [cursorUpdate, ...deltas] }));
      return "applied";
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.some((r) => r.Code === "ConditionalCheckFailed")) return "stale";
      if (attempt >= 5 || !reasons.some((r) => r.Code === "TransactionConflict")) throw error;
      await backOff(attempt, { baseMs: 5, capMs: 200, jitter: "full" });
    }
  }
}

export interface ShardOutcome {
  /** Entries applied by this call (not those a replay skipped), for the trending tallies. */
  applied: CountEntry[];
  /** The first record not applied, when a chunk failed: Lambda retries from it. */
  failedFrom: string | null;
}

/**
 * Applies a shard's records (in sequence order) past its cursor, chunk by chunk. A cursor that
 * moved since it was read (a committed write whose reply was lost, retried) is read again and
 * what it now covers is dropped; a chunk that fails stops the batch at its first record.
 */
export async function applyShardRecords(
  shardId: string,
  records: readonly ShardRecord[],
  now: () => Date,
  /** Whether there is time left to write another chunk before the function's deadline. */
  timeLeft: () => boolean = () => true,
): Promise<ShardOutcome> {
  const applied: CountEntry[] = [];
  let cursor = await readCursor(shardId);
  let pending = records.filter((r) => sequenceAfter(r.sequence, cursor));
  for (let round = 0; pending.length > 0; round++) {
    const [chunk] = chunkRecords(pending);
    if (!chunk) break;
    if (!timeLeft() || round > 200) return { applied, failedFrom: chunk[0]?.sequence ?? null };
    let outcome: Awaited<ReturnType<typeof writeChunk>>;
    try {
      outcome = await writeChunk(shardId, chunk, cursor, now());
    } catch {
      return { applied, failedFrom: chunk[0]?.sequence ?? null };
    }
    if (outcome === "stale") {
      cursor = await readCursor(shardId);
      pending = pending.filter((r) => sequenceAfter(r.sequence, cursor));
      continue;
    }
    if (outcome === "applied") {
      for (const r of chunk) if (r.entry) applied.push(r.entry);
      cursor = chunk.at(-1)?.sequence ?? cursor;
    }
    pending = pending.slice(chunk.length);
  }
  return { applied, failedFrom: null };
}

/**
 * Applies a failed batch's range once: its deltas and a marker for the range, in one
 * transaction on condition that the marker is new, so a message delivered again adds nothing.
 * Returns false when the range had been applied already.
 */
export async function applyFailedRange(
  shardId: string,
  start: string,
  records: readonly ShardRecord[],
  now: Date,
  audit: (petitionId: number, change: CountChange) => Record<string, unknown> | null,
): Promise<boolean> {
  const table = tableName();
  const changes = changesByPetition(records);
  const id = `FAILED#${shardId}#${paddedSequence(start)}`;
  const items = [
    putNew({ ...rangeKey(shardId, start), entity: "COUNT_RANGE", applied_at: now.toISOString() }, table),
    ...[...changes].flatMap(([petitionId, change]) => {
      const entry = audit(petitionId, change);
      return [putNew(deltaItem(petitionId, shardId, id, change, now), table), ...(entry ? [entry] : [])];
    }),
  ];
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    const first = error instanceof TransactionCanceledException ? error.CancellationReasons?.[0] : undefined;
    if (first?.Code === "ConditionalCheckFailed") return false;
    throw error;
  }
}

/** A correction's delta (a recount's difference), to write with its audit entry. */
export function correctionPut(petitionId: number, change: CountChange, now: Date, table = tableName()) {
  const id = `RECOUNT#${now.toISOString()}#${randomUUID()}`;
  return putNew(deltaItem(petitionId, id, id, change, now), table);
}

/** A petition's deltas not merged yet, partition by partition, up to `limit`. */
export async function deltasOf(petitionId: number, limit = Number.POSITIVE_INFINITY): Promise<CountDelta[]> {
  const found: CountDelta[] = [];
  for (let k = 0; k < DELTA_PARTITIONS && found.length < limit; k++) {
    const pages = queryPages({
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": `COUNTDELTA#${petitionId}#${k}` },
      ConsistentRead: true,
    });
    for await (const page of pages) {
      found.push(...(page as unknown as CountDelta[]));
      if (found.length >= limit) break;
    }
  }
  return found;
}

/** Whether a petition has deltas not merged yet. */
export const hasPendingDeltas = async (petitionId: number) => (await deltasOf(petitionId, 1)).length > 0;

/** Deltas written before `cutoff` and not merged yet, up to `limit` (the sweep's work). */
export async function deltasWrittenBefore(cutoff: Date, limit: number): Promise<CountDelta[]> {
  const found: CountDelta[] = [];
  for (let k = 0; k < DELTA_PARTITIONS && found.length < limit; k++) {
    const { Items = [] } = await db.send(
      new QueryCommand(deltaList(k).before(cutoff.toISOString(), { Limit: limit - found.length })),
    );
    found.push(...(Items as CountDelta[]));
  }
  // The index holds the deltas' keys, not their figures: each is read by key (gone: merged since).
  const keys = found.map((d) => ({ PK: d.PK, SK: d.SK }));
  return (await batchGet(keys, { consistentRead: true })) as unknown as CountDelta[];
}
