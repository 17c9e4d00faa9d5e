/**
 * The counter's writes (the invariant is stated in shared/signatures/count.ts): per petition, one
 * transaction of the petition, each signature's `counted` mark, the hourly items, the state
 * tally, any email owed and, for a correction, its audit entry.
 */
import { randomUUID } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import type { NewMessage } from "../mail/outbox.ts";
import { outboxPut } from "../mail/outbox.ts";
import { recordMetric } from "../metrics.ts";
import { getPetition } from "../petitions/items.ts";
import { isModerationDelayed } from "../petitions/moderation-delay.ts";
import { guardedPut, type StoredPetition, tallyUpdate } from "../petitions/store.ts";
import { noteTrending } from "../petitions/trending-list.ts";
import { backOff } from "../retry.ts";
import {
  applyEntries,
  type CountEntry,
  type CountSettings,
  chunkEntries,
  countedHour,
  hourKey,
  hoursOf,
  mergeEntries,
  rebase,
  targetOf,
  WRITES_PER_TRANSACTION,
} from "./count.ts";
import { keyOfSignatureId } from "./model.ts";
import { getCreator } from "./store.ts";

/**
 * Records on the signature what the counter has now applied, on condition that it had applied
 * exactly the "before" state: a replayed change finds another state, fails, and is rebased on it.
 */
function markCounted(entry: CountEntry, table: string) {
  const key = keyOfSignatureId(entry.signature.id);
  if (!key) throw new Error("Not a signature id");
  const target = targetOf(entry);
  const values: Record<string, boolean> = { ":counted": target.counted, ":sub": target.subscribed };
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

/** The entries again, those in `stale` rebased on their signature's mark as it is now. */
async function rebased(entries: CountEntry[], stale: ReadonlySet<CountEntry>): Promise<CountEntry[]> {
  const out: CountEntry[] = [];
  for (const entry of entries) {
    if (!stale.has(entry)) {
      out.push(entry);
      continue;
    }
    const key = keyOfSignatureId(entry.signature.id);
    const { Item } = await db.send(
      new GetCommand({
        TableName: tableName(),
        Key: key ?? undefined,
        ConsistentRead: true,
        ProjectionExpression: "counted, counted_sub",
      }),
    );
    const again = rebase(entry, { counted: Item?.counted === true, subscribed: Item?.counted_sub === true });
    if (again) out.push(again);
  }
  return out;
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
            data: {
              petition_id: petitionId,
              action: petition.action,
              name: creator.name,
              // The "with delay" variant while the moderation queue is at its delay threshold.
              ...(settings.THRESHOLD_FOR_MODERATION_DELAY !== undefined &&
              (await isModerationDelayed({
                threshold_for_moderation_delay: settings.THRESHOLD_FOR_MODERATION_DELAY,
              }))
                ? { delayed: true }
                : {}),
            },
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
        // Signatures whose condition failed were (partly) applied before: what is left, from their marks.
        const replayed = pending.filter((_, i) => reasons[i + 1]?.Code === "ConditionalCheckFailed");
        if (
          replayed.length === 0 &&
          !reasons.some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict")
        ) {
          throw error;
        }
        pending = await rebased(pending, new Set(replayed));
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
