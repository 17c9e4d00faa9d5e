/**
 * Exact counts by stream aggregation. No request path touches a count: this function adds each
 * batch's confirmed signatures (and subtracts invalidated ones) to their petition in one
 * conditional write per petition: total, by country, constituency and region, the hourly
 * series, the moderation threshold and the threshold-candidate mark.
 *
 * Exactly once under retries and replays: the same transaction marks each signature `counted`
 * on condition that it was not already, so a replayed record fails its condition, is dropped,
 * and the rest are written again. The petition write is conditioned on the version read, so
 * two batches for one petition (from two shards) never overwrite each other.
 *
 * This module is the pure core (what a batch does to a petition, how it is split into
 * transactions); shared/signatures/count-write.ts makes the writes.
 */
import type { DynamoDBRecord } from "aws-lambda";
import { COLLECTING_SPONSORS, type PetitionState } from "../domain/petition-state.ts";
import { thresholdsCrossed } from "../domain/thresholds.ts";
import { hourOf } from "../petitions/hourly.ts";
import type { StoredPetition } from "../petitions/store.ts";
import { parseImage } from "../streams/records.ts";
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
  /** What the counter had applied for this signature before this change. */
  before: { counted: boolean; subscribed: boolean };
  /** The record's sequence number, for reporting a failure. */
  sequence: string;
}

const contribution = (image: { state?: string; notify_by_email?: boolean } | null) => ({
  counted: image?.state === "validated",
  subscribed: image?.state === "validated" && image.notify_by_email === true,
});

/** What a change to a signature does to the counts, or null when nothing. */
export function entryOf(record: DynamoDBRecord): CountEntry | null {
  const next = parseImage(record, "NewImage", signatureRecordSchema.partial().passthrough());
  const previous = parseImage(record, "OldImage", signatureRecordSchema.partial().passthrough());
  const before = contribution(previous);
  const after = contribution(next);
  const delta = (Number(after.counted) - Number(before.counted)) as -1 | 0 | 1;
  const subscriberDelta = (Number(after.subscribed) - Number(before.subscribed)) as -1 | 0 | 1;
  if (delta === 0 && subscriberDelta === 0) return null;
  const parsed = signatureRecordSchema.safeParse(after.counted ? next : previous);
  if (!parsed.success) return null;
  return {
    signature: parsed.data,
    delta,
    subscriberDelta,
    before,
    sequence: record.dynamodb?.SequenceNumber ?? "",
  };
}

/**
 * One entry per signature: a batch may hold several changes to one signature (confirmed, then
 * unsubscribed), and a transaction may touch an item only once. The merged entry starts from
 * the first change's "before" and adds up the deltas. Changes that cancel out still make an
 * entry: a replay may have applied the first of them already (a batch retried with more
 * records than before), and then the mark, not the batch, says what is left to do (rebase).
 */
export function mergeEntries(entries: readonly CountEntry[]): CountEntry[] {
  const merged = new Map<string, CountEntry>();
  for (const entry of entries) {
    const earlier = merged.get(entry.signature.id);
    if (!earlier) {
      merged.set(entry.signature.id, { ...entry });
      continue;
    }
    merged.set(entry.signature.id, {
      signature: entry.signature,
      before: earlier.before,
      delta: (earlier.delta + entry.delta) as CountEntry["delta"],
      subscriberDelta: (earlier.subscriberDelta + entry.subscriberDelta) as CountEntry["subscriberDelta"],
      sequence: earlier.sequence,
    });
  }
  return [...merged.values()];
}

/** What the counter has applied once this entry is: its "before" plus its deltas. */
export const targetOf = (entry: CountEntry) => ({
  counted: Number(entry.before.counted) + entry.delta > 0,
  subscribed: Number(entry.before.subscribed) + entry.subscriberDelta > 0,
});

/**
 * The entry again from what the signature's mark says was applied (its condition failed: a
 * replay applied part or all of it before), or null when nothing is left to apply.
 */
export function rebase(entry: CountEntry, applied: CountEntry["before"]): CountEntry | null {
  const target = targetOf(entry);
  const delta = (Number(target.counted) - Number(applied.counted)) as CountEntry["delta"];
  const subscriberDelta = (Number(target.subscribed) -
    Number(applied.subscribed)) as CountEntry["subscriberDelta"];
  if (delta === 0 && subscriberDelta === 0) return null;
  return { ...entry, before: applied, delta, subscriberDelta };
}

export { hourKey, hourOf } from "../petitions/hourly.ts";
/** The hourly item a counted change adds to, or null when it changes no count. */
export const countedHour = (entry: CountEntry) =>
  entry.delta === 0 ? null : hourOf(entry.signature.validated_at ?? entry.signature.created_at);
export const hoursOf = (entries: readonly CountEntry[]) => [
  ...new Set(entries.map(countedHour).filter((hour): hour is string => hour !== null)),
];

function bump(map: Record<string, number>, key: string | null, delta: number): void {
  if (!key) return;
  map[key] = Math.max(0, (map[key] ?? 0) + delta);
}

/** The petition after adding these entries, and the mail the change owes. */
export function applyEntries(
  petition: StoredPetition,
  entries: readonly CountEntry[],
  settings: CountSettings,
  now: Date,
): { next: StoredPetition; crossed: ReturnType<typeof thresholdsCrossed> } {
  const next: StoredPetition = {
    ...petition,
    by_country: { ...petition.by_country },
    by_constituency: { ...petition.by_constituency },
    by_region: { ...petition.by_region },
    version: petition.version + 1,
    updated_at: now.toISOString(),
  };
  for (const { signature, delta, subscriberDelta } of entries) {
    next.subscriber_count = Math.max(0, (next.subscriber_count ?? 0) + subscriberDelta);
    if (delta === 0) continue;
    next.signature_count = Math.max(0, next.signature_count + delta);
    if (signature.kind === "sponsor") next.sponsor_count = Math.max(0, next.sponsor_count + delta);
    bump(next.by_country, signature.location, delta);
    bump(next.by_constituency, signature.constituency, delta);
    bump(next.by_region, signature.region, delta);
  }
  const crossed = thresholdsCrossed({
    previous: petition.signature_count,
    current: next.signature_count,
    moderation: settings.THRESHOLD_FOR_MODERATION,
    response: settings.THRESHOLD_FOR_RESPONSE,
    debate: settings.THRESHOLD_FOR_DEBATE,
  });
  const stamp = now.toISOString();
  const collecting = (COLLECTING_SPONSORS as readonly PetitionState[]).includes(petition.state);
  if (collecting && next.state === "validated" && crossed.moderation === "up") {
    next.state = "sponsored";
    next.moderation_threshold_reached_at ??= stamp;
  } else if (petition.state === "sponsored" && crossed.moderation === "down") {
    next.state = "validated";
  }
  if (crossed.crossedUp.length > 0 && next.state === "open") {
    // The scheduled threshold function stamps, mails and reports; this only marks.
    next.threshold_candidate = true;
  }
  for (const name of crossed.crossedDown) {
    if (name === "response") {
      delete next.response_threshold_reached_at;
      if (next.response_state === "awaiting") next.response_state = "pending";
    } else {
      delete next.debate_threshold_reached_at;
      if (next.debate_state === "awaiting") next.debate_state = "pending";
    }
  }
  return { next, crossed };
}

/** A transaction holds 100 writes; the petition, the state tally and the creator's email take three. */
export const WRITES_PER_TRANSACTION = 100 - 3;

/**
 * Splits entries into transactions: each entry's mark plus each distinct hour it touches must
 * fit. Signatures confirmed over many hours (a backlog, a bulk load) make more, smaller writes.
 */
export function chunkEntries(entries: readonly CountEntry[], limit = WRITES_PER_TRANSACTION): CountEntry[][] {
  const chunks: CountEntry[][] = [];
  let chunk: CountEntry[] = [];
  let hours = new Set<string>();
  for (const entry of entries) {
    const hour = countedHour(entry);
    const newHour = hour !== null && !hours.has(hour) ? 1 : 0;
    if (chunk.length > 0 && chunk.length + 1 + hours.size + newHour > limit) {
      chunks.push(chunk);
      chunk = [];
      hours = new Set();
    }
    chunk.push(entry);
    if (hour !== null) hours.add(hour);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
