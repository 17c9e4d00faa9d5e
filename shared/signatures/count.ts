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
 */
import { randomUUID } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { db, tableName } from "../db/client.ts";
import { COLLECTING_SPONSORS, type PetitionState } from "../domain/petition-state.ts";
import { thresholdsCrossed } from "../domain/thresholds.ts";
import type { NewMessage } from "../mail/outbox.ts";
import { outboxPut } from "../mail/outbox.ts";
import { recordMetric } from "../metrics.ts";
import { getPetition } from "../petitions/items.ts";
import { guardedPut, type StoredPetition, tallyUpdate } from "../petitions/store.ts";
import { noteTrending } from "../petitions/trending.ts";
import { backOff } from "../retry.ts";
import { parseImage } from "../streams/records.ts";
import { keyOfSignatureId, type SignatureRecord, signatureRecordSchema } from "./model.ts";
import { getCreator } from "./store.ts";

export interface CountSettings {
  THRESHOLD_FOR_MODERATION: number;
  THRESHOLD_FOR_RESPONSE: number;
  THRESHOLD_FOR_DEBATE: number;
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
 * the first change's "before" and adds up the deltas.
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
  return [...merged.values()].filter((e) => e.delta !== 0 || e.subscriberDelta !== 0);
}

export const hourOf = (iso: string) => iso.slice(0, 13);
/** The hourly item a counted change adds to, or null when it changes no count. */
const countedHour = (entry: CountEntry) =>
  entry.delta === 0 ? null : hourOf(entry.signature.validated_at ?? entry.signature.created_at);
const hoursOf = (entries: readonly CountEntry[]) => [
  ...new Set(entries.map(countedHour).filter((hour): hour is string => hour !== null)),
];
export const hourKey = (petitionId: number, hour: string) => ({
  PK: `PETITION#${petitionId}`,
  SK: `HOUR#${hour}`,
});

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

/**
 * Records on the signature what the counter has now applied, on condition that it had applied
 * exactly the "before" state: a replayed change finds the "after" state and fails.
 */
function markCounted(entry: CountEntry, table: string) {
  const key = keyOfSignatureId(entry.signature.id);
  if (!key) throw new Error("Not a signature id");
  const values: Record<string, boolean> = {
    ":counted": entry.delta === 0 ? entry.before.counted : entry.delta > 0,
    ":sub": entry.subscriberDelta === 0 ? entry.before.subscribed : entry.subscriberDelta > 0,
  };
  const was = (name: string, value: boolean) => {
    values[value ? ":true" : ":false"] = value;
    return value ? `${name} = :true` : `(attribute_not_exists(${name}) OR ${name} = :false)`;
  };
  const condition = `${was("counted", entry.before.counted)} AND ${was("counted_sub", entry.before.subscribed)}`;
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: "SET counted = :counted, counted_sub = :sub",
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
    },
  };
}

function hourUpdates(petitionId: number, entries: readonly CountEntry[], table: string) {
  const byHour = new Map<string, number>();
  for (const entry of entries) {
    const hour = countedHour(entry);
    if (hour !== null) byHour.set(hour, (byHour.get(hour) ?? 0) + entry.delta);
  }
  return [...byHour]
    .filter(([, delta]) => delta !== 0)
    .map(([hour, delta]) => ({
      Update: {
        TableName: table,
        Key: hourKey(petitionId, hour),
        UpdateExpression: "ADD #count :delta SET entity = :entity, petition_id = :pid, #hour = :hour",
        ExpressionAttributeNames: { "#count": "count", "#hour": "hour" },
        ExpressionAttributeValues: { ":delta": delta, ":entity": "HOUR", ":pid": petitionId, ":hour": hour },
      },
    }));
}

/** A transaction holds 100 writes; the petition, the state tally and the creator's email take three. */
const WRITES_PER_TRANSACTION = 100 - 3;

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

/** Seconds from each newly counted signature's confirmation to now, when its count was written. */
function recordCountLag(entries: readonly CountEntry[], at: Date): void {
  for (const { delta, signature } of entries) {
    if (delta <= 0 || !signature.validated_at) continue;
    recordMetric("CountLagSeconds", Math.max(0, (at.getTime() - Date.parse(signature.validated_at)) / 1000));
  }
}

/**
 * Adds one petition's entries. Entries whose signature was already counted (a replay) are
 * dropped; a lost race with another batch re-reads and tries again.
 */
export async function countForPetition(
  petitionId: number,
  entries: CountEntry[],
  settings: CountSettings,
  now: () => Date,
  /** Why, when this is a correction rather than the stream: each write then carries an audit entry. */
  correction?: { cause: string },
): Promise<number> {
  const table = tableName();
  let applied = 0;
  // An audit entry takes one more write in the transaction.
  const limit = WRITES_PER_TRANSACTION - (correction ? 1 : 0);
  for (const chunk of chunkEntries(mergeEntries(entries), limit)) {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 20) throw new Error(`Petition ${petitionId}'s count kept conflicting`);
      const petition = (await getPetition(petitionId, true)) as StoredPetition | null;
      if (!petition) return applied;
      const at = now();
      const { next } = applyEntries(petition, pending, settings, at);
      const mail: NewMessage[] = [];
      if (petition.state !== "sponsored" && next.state === "sponsored") {
        const creator = await getCreator(petition);
        if (creator) {
          mail.push({
            template: "moderation_pending",
            to: creator.email,
            petitionId,
            data: { petition_id: petitionId, action: petition.action, name: creator.name },
          });
        }
      }
      const tally = tallyUpdate(petition.state, next.state, table);
      const items = [
        guardedPut(next, petition, [petition.state], table),
        ...pending.map((entry) => markCounted(entry, table)),
        ...hourUpdates(petitionId, pending, table),
        ...(tally ? [tally] : []),
        ...mail.map((m) => outboxPut(m, at, table)),
        ...(correction ? [auditPut(petition, next, pending.length, correction.cause, at, table)] : []),
      ];
      try {
        await db.send(new TransactWriteCommand({ TransactItems: items }));
        // The hours just written move in the trending index (best effort; it never throws).
        await noteTrending(petitionId, hoursOf(pending), at);
        recordCountLag(pending, at);
        applied += pending.length;
        pending = [];
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        // Signatures whose condition failed were counted before: drop them.
        const replayed = new Set(
          pending
            .filter((_, i) => reasons[i + 1]?.Code === "ConditionalCheckFailed")
            .map((e) => e.signature.id),
        );
        pending = pending.filter((e) => !replayed.has(e.signature.id));
        if (
          replayed.size === 0 &&
          !reasons.some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict")
        ) {
          throw error;
        }
        await backOff(attempt, { baseMs: 5, capMs: 200, jitter: "full" });
      }
    }
  }
  return applied;
}

/**
 * The audit entry of a correction, written in the same transaction as the counts it changes:
 * petition, old and new counts, how many signatures it applied, when and why.
 */
export function auditPut(
  petition: StoredPetition,
  next: StoredPetition,
  signatures: number,
  cause: string,
  at: Date,
  table = tableName(),
) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...countAuditKey(petition.id, at, randomUUID()),
        entity: "COUNT_AUDIT",
        petition_id: petition.id,
        old_count: petition.signature_count,
        new_count: next.signature_count,
        signatures,
        cause,
        at: at.toISOString(),
      },
    },
  };
}

/** A petition's count audit entries sort by time under its own partition. */
export const countAuditKey = (petitionId: number, at: Date, id: string) => ({
  PK: `PETITION#${petitionId}`,
  SK: `AUDIT#${at.toISOString()}#${id}`,
});
