/**
 * Exact counts by stream aggregation, in two stages. No request path touches a count.
 *
 * Stage 1 (CountSignatures, this module's pure core; writes in count-deltas.ts) reads the
 * signatures' changes shard by shard and writes, per chunk of records, one transaction: the
 * shard's cursor (the last sequence number applied) and one immutable delta item per petition
 * with the chunk's net changes. Stage 2 (MergeCounts, count-merge.ts and count-write.ts) adds
 * each delta to its petition's counts item and deletes it in the same transaction.
 *
 * Invariant: every stream record changes the counts exactly once. Stage 1: a record is applied
 * in the same transaction that moves its shard's cursor past it, on condition that the cursor
 * is where it was read; a replayed record is at or below the cursor and skipped. Within a shard
 * records come in order, so the cursor is a prefix. Stage 2: a delta is added in the same
 * transaction that deletes it, on condition that it still exists; a replayed merge finds it gone.
 * Deltas are sums, so they may be added in any order (shards run side by side).
 */
import type { DynamoDBRecord } from "aws-lambda";
import { type COUNT_FIELDS, type CountsRecord, noFigures } from "../petitions/counts.ts";
import { hourOf } from "../petitions/hourly.ts";
import { parseImage } from "../streams/records.ts";
import * as z from "../zod.ts";
import { type SignatureRecord, signatureRecordSchema } from "./model.ts";

export interface CountSettings {
  THRESHOLD_FOR_MODERATION: number;
  THRESHOLD_FOR_RESPONSE: number;
  THRESHOLD_FOR_DEBATE: number;
  /** Creators of newly supported petitions get the "with delay" email from this queue length (none: never). */
  THRESHOLD_FOR_MODERATION_DELAY?: number;
}

export interface CountEntry {
  signature: SignatureRecord;
  /** +1 when the signature became validated, -1 when it stopped being validated. */
  delta: -1 | 0 | 1;
  /** The same for "validated and wants update emails": the petition's subscriber count. */
  subscriberDelta: -1 | 0 | 1;
  /** The record's sequence number. */
  sequence: string;
}

const contribution = (image: { state?: string; notify_by_email?: boolean } | null) => ({
  counted: image?.state === "validated",
  subscribed: image?.state === "validated" && image.notify_by_email === true,
});

/** A signature's stream image, whole or not: built once, not per record (zod compiles each schema). */
const signatureImageSchema = z.catchall(z.partial(signatureRecordSchema), z.unknown());

/** What a change to a signature does to the counts (its images compared), or null when nothing. */
export function entryOf(record: DynamoDBRecord): CountEntry | null {
  const next = parseImage(record, "NewImage", signatureImageSchema);
  const previous = parseImage(record, "OldImage", signatureImageSchema);
  const before = contribution(previous);
  const after = contribution(next);
  const delta = (Number(after.counted) - Number(before.counted)) as -1 | 0 | 1;
  const subscriberDelta = (Number(after.subscribed) - Number(before.subscribed)) as -1 | 0 | 1;
  if (delta === 0 && subscriberDelta === 0) return null;
  const parsed = signatureRecordSchema.safeParse(after.counted ? next : previous);
  if (!parsed.success) return null;
  return { signature: parsed.data, delta, subscriberDelta, sequence: record.dynamodb?.SequenceNumber ?? "" };
}

/**
 * Stream sequence numbers are decimal strings of 21 to 40 digits, ordered within a shard
 * (DynamoDB Streams API, StreamRecord.SequenceNumber): compared as numbers, never as text.
 */
export const sequenceAfter = (sequence: string, cursor: string | null | undefined): boolean =>
  !cursor || BigInt(sequence) > BigInt(cursor);

/** A sequence number padded to 40 digits, so keys holding it sort as the numbers do. */
export const paddedSequence = (sequence: string) => sequence.padStart(40, "0");

/** The hourly item a counted change adds to, or null when it changes no count. */
export const countedHour = (entry: Pick<CountEntry, "delta" | "signature">) =>
  entry.delta === 0 ? null : hourOf(entry.signature.validated_at ?? entry.signature.created_at);

/** The net change a set of records makes to one petition's counts. Breakdowns may go negative. */
export interface CountChange extends Pick<CountsRecord, (typeof COUNT_FIELDS)[number]> {
  /** Net counted signatures by the hour they were confirmed in ("YYYY-MM-DDTHH"). */
  hours: Record<string, number>;
  /** Newly counted signatures, and the first and last confirmation among them (the count-lag metric). */
  added: number;
  oldest_validated_at?: string;
  newest_validated_at?: string;
}

export const noChange = (): CountChange => ({ ...noFigures(), hours: {}, added: 0 });

function add(map: Record<string, number>, key: string | null | undefined, n: number): void {
  if (!key || n === 0) return;
  const sum = (map[key] ?? 0) + n;
  if (sum === 0) delete map[key];
  else map[key] = sum;
}

/** The net change of one petition's entries: the sum of each entry's. */
export function changeOf(entries: readonly CountEntry[]): CountChange {
  const change = noChange();
  for (const entry of entries) {
    const { signature, delta, subscriberDelta } = entry;
    change.subscriber_count += subscriberDelta;
    if (delta === 0) continue;
    change.signature_count += delta;
    if (signature.kind === "sponsor") change.sponsor_count += delta;
    add(change.by_country, signature.location, delta);
    add(change.by_constituency, signature.constituency, delta);
    add(change.by_region, signature.region, delta);
    add(change.hours, countedHour(entry), delta);
    if (delta > 0 && signature.validated_at) {
      change.added += 1;
      const at = signature.validated_at;
      if (!change.oldest_validated_at || at < change.oldest_validated_at) change.oldest_validated_at = at;
      if (!change.newest_validated_at || at > change.newest_validated_at) change.newest_validated_at = at;
    }
  }
  return change;
}

/** Whether a change moves nothing (records that cancel out within one chunk). */
export const isEmptyChange = (c: CountChange) =>
  c.signature_count === 0 &&
  c.sponsor_count === 0 &&
  c.subscriber_count === 0 &&
  c.added === 0 &&
  [c.by_country, c.by_constituency, c.by_region, c.hours].every((m) => Object.keys(m).length === 0);

/** A transaction holds 100 writes; stage 1 takes one for the cursor and keeps one spare. */
export const PETITIONS_PER_CHUNK = 98;

/** One record of a shard's batch: its sequence number and what it does to the counts, if anything. */
export interface ShardRecord {
  sequence: string;
  entry: CountEntry | null;
}

/**
 * Splits a shard's records (in sequence order) into prefixes that each touch at most `limit`
 * petitions: each chunk is one transaction, and the cursor moves to its last record.
 */
export function chunkRecords(records: readonly ShardRecord[], limit = PETITIONS_PER_CHUNK): ShardRecord[][] {
  const chunks: ShardRecord[][] = [];
  let chunk: ShardRecord[] = [];
  let petitions = new Set<number>();
  for (const record of records) {
    const petition = record.entry?.signature.petition_id;
    if (petition !== undefined && !petitions.has(petition) && petitions.size >= limit) {
      chunks.push(chunk);
      chunk = [];
      petitions = new Set();
    }
    chunk.push(record);
    if (petition !== undefined) petitions.add(petition);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** A chunk's entries grouped by petition, each petition's net change (empty ones left out). */
export function changesByPetition(chunk: readonly ShardRecord[]): Map<number, CountChange> {
  const byPetition = new Map<number, CountEntry[]>();
  for (const { entry } of chunk) {
    if (!entry) continue;
    const id = entry.signature.petition_id;
    byPetition.set(id, [...(byPetition.get(id) ?? []), entry]);
  }
  const changes = new Map<number, CountChange>();
  for (const [id, entries] of byPetition) {
    const change = changeOf(entries);
    if (!isEmptyChange(change)) changes.set(id, change);
  }
  return changes;
}
