/**
 * Stage 2's writes (the invariant is stated in shared/signatures/count.ts and count-merge.ts):
 * per petition, one transaction of its counts item, the deletion of each delta it adds, the
 * hourly items, and, when it must change (count-merge.ts documentAfter), the document with its
 * state tally and any email owed.
 */
import { randomUUID } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { petitionKey } from "../db/keys.ts";
import type { NewMessage } from "../mail/outbox.ts";
import { outboxPut } from "../mail/outbox.ts";
import { recordMetric } from "../metrics.ts";
import {
  type CountsRecord,
  countsKey,
  countsOf,
  documentAndCounts,
  snapshotList,
} from "../petitions/counts.ts";
import { hourKey } from "../petitions/hourly.ts";
import { isModerationDelayed } from "../petitions/moderation-delay.ts";
import { guardedPut, type StoredPetition, tallyUpdate } from "../petitions/store.ts";
import { noteTrending } from "../petitions/trending-list.ts";
import { backOff } from "../retry.ts";
import type { CountSettings } from "./count.ts";
import type { CountDelta } from "./count-deltas.ts";
import { addChanges, documentAfter, hoursOfChanges, snapshotDue } from "./count-merge.ts";
import { getCreator } from "./store.ts";

/** Writes besides the deltas and hours: counts, document, tally, one email, one spare. */
const FIXED_WRITES = 5;
const WRITES_PER_TRANSACTION = 100;

/** The deltas of one transaction: each delta's deletion and each distinct hour fit beside the rest. */
export function chunkDeltas<D extends { hours: Record<string, number> }>(
  deltas: readonly D[],
  limit = WRITES_PER_TRANSACTION - FIXED_WRITES,
): D[] {
  const chunk: D[] = [];
  const hours = new Set<string>();
  for (const delta of deltas) {
    const added = Object.keys(delta.hours).filter((h) => !hours.has(h));
    if (chunk.length > 0 && chunk.length + 1 + hours.size + added.length > limit) break;
    chunk.push(delta);
    for (const h of added) hours.add(h);
  }
  return chunk;
}

/** The counts item, with the sparse `due` entry the snapshot refresh finds while the document lags. */
export function countsPut(
  counts: CountsRecord,
  read: CountsRecord | null,
  due: string | null,
  table: string,
) {
  // The due entry as this write decides it, never as read.
  const { duePK: _pk, dueSK: _sk, ...figures } = counts as CountsRecord & { duePK?: string; dueSK?: string };
  return {
    Put: {
      TableName: table,
      Item: {
        ...countsKey(counts.petition_id),
        ...figures,
        ...(due ? snapshotList.entry(due, counts.petition_id) : {}),
      },
      ConditionExpression: read ? "version = :version" : "attribute_not_exists(PK)",
      ...(read ? { ExpressionAttributeValues: { ":version": read.version } } : {}),
    },
  };
}

function hourUpdates(petitionId: number, hours: Record<string, number>, table: string) {
  return Object.entries(hours).map(([hour, delta]) => ({
    Update: {
      TableName: table,
      Key: hourKey(petitionId, hour),
      UpdateExpression: "ADD #count :delta SET entity = :entity, petition_id = :pid, #hour = :hour",
      ExpressionAttributeNames: { "#count": "count", "#hour": "hour" },
      ExpressionAttributeValues: { ":delta": delta, ":entity": "HOUR", ":pid": petitionId, ":hour": hour },
    },
  }));
}

async function moderationMail(petition: StoredPetition, settings: CountSettings): Promise<NewMessage[]> {
  const creator = await getCreator(petition);
  if (!creator) return [];
  const delayed =
    settings.THRESHOLD_FOR_MODERATION_DELAY !== undefined &&
    (await isModerationDelayed({ threshold_for_moderation_delay: settings.THRESHOLD_FOR_MODERATION_DELAY }));
  return [
    {
      template: "moderation_pending",
      to: creator.email,
      petitionId: petition.id,
      data: {
        petition_id: petition.id,
        action: petition.action,
        name: creator.name,
        // The "with delay" variant while the moderation queue is at its delay threshold.
        ...(delayed ? { delayed: true } : {}),
      },
    },
  ];
}

/** Seconds from the oldest confirmation a delta adds to now, when its count was written. */
function recordCountLag(deltas: readonly CountDelta[], at: Date): void {
  for (const { added, oldest_validated_at } of deltas) {
    if (added <= 0 || !oldest_validated_at) continue;
    recordMetric("CountLagSeconds", Math.max(0, (at.getTime() - Date.parse(oldest_validated_at)) / 1000));
  }
}

/**
 * Merges one petition's deltas. Deltas already gone (a replayed merge, or the sweep merged them)
 * are dropped; a lost race with another writer re-reads and tries again. Returns how many deltas
 * this call merged.
 */
export async function mergeForPetition(
  petitionId: number,
  deltas: readonly CountDelta[],
  settings: CountSettings,
  now: () => Date,
): Promise<number> {
  const table = tableName();
  let pending = [...new Map(deltas.map((d) => [`${d.PK}|${d.SK}`, d])).values()];
  let merged = 0;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 30) throw new Error(`Petition ${petitionId}'s counts kept conflicting`);
    const { document, counts } = await documentAndCounts(petitionId, true);
    if (!document) return merged;
    const petition = document as StoredPetition;
    const at = now();
    const chunk = chunkDeltas(pending);
    const base = counts ?? countsOf(petition, at.toISOString());
    const next: CountsRecord = {
      ...addChanges(base, chunk),
      version: base.version + 1,
      updated_at: at.toISOString(),
    };
    const { next: nextDocument } = documentAfter(petition, base, next, settings, at);
    const due = nextDocument ? null : snapshotDue(petition, next);
    const mail =
      nextDocument && petition.state !== "sponsored" && nextDocument.state === "sponsored"
        ? await moderationMail(petition, settings)
        : [];
    const tally = nextDocument ? tallyUpdate(petition.state, nextDocument.state, table) : null;
    const hours = hoursOfChanges(chunk);
    const items = [
      countsPut(next, counts, due, table),
      ...chunk.map((d) => ({
        Delete: {
          TableName: table,
          Key: { PK: d.PK, SK: d.SK },
          ConditionExpression: "attribute_exists(PK)",
        },
      })),
      ...hourUpdates(petitionId, hours, table),
      ...(nextDocument ? [guardedPut(nextDocument, petition, [petition.state], table)] : []),
      ...(tally ? [tally] : []),
      ...mail.map((m) => outboxPut(m, at, table)),
    ];
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      // The hours just written move in the trending index (best effort; it never throws).
      await noteTrending(petitionId, Object.keys(hours), at);
      recordCountLag(chunk, at);
      merged += chunk.length;
      const done = new Set(chunk);
      pending = pending.filter((d) => !done.has(d));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (!reasons.some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict")) {
        throw error;
      }
      // A delta whose deletion failed is gone: merged already. The rest are tried again.
      const gone = new Set(chunk.filter((_, i) => reasons[i + 1]?.Code === "ConditionalCheckFailed"));
      pending = pending.filter((d) => !gone.has(d));
      await backOff(attempt, { baseMs: 5, capMs: 200, jitter: "full" });
    }
  }
  return merged;
}

/**
 * The audit entry of a correction, written in the same transaction as its delta: petition, the
 * count before and after, how many signatures it moved, when and why.
 */
export function auditPut(
  petitionId: number,
  counts: { old_count: number; new_count: number },
  signatures: number,
  cause: string,
  at: Date,
  table = tableName(),
) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...countAuditKey(petitionId, at, randomUUID()),
        entity: "COUNT_AUDIT",
        petition_id: petitionId,
        ...counts,
        signatures,
        cause,
        at: at.toISOString(),
      },
    },
  };
}

/** A petition's count audit entries sort by time under its own partition. */
export const countAuditKey = (petitionId: number, at: Date, id: string) => ({
  PK: petitionKey(petitionId).PK,
  SK: `AUDIT#${at.toISOString()}#${id}`,
});
