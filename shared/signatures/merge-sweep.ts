/**
 * Stage 2's safety nets, run on schedules:
 * - snapshots: a petition whose document shows older counts than its counts item (no merge
 *   refreshed it because the signing stopped) gets the counts as its snapshot once it falls due,
 *   a minute after the snapshot was taken; the counts item carries a sparse `due` entry
 *   (`SNAPSHOT`) for exactly that time.
 * - deltas not merged in time (a merge batch that failed after its retries, which Lambda then
 *   skipped) are merged by the sweep, through the same conditional write as the stream.
 *
 * Access patterns:
 * - snapshots due:        Query due SNAPSHOT, sort key < now
 * - deltas waiting:       Query due COUNTDELTA#<k>, sort key < cutoff (count-deltas.ts)
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { countsKey, documentAndCounts, snapshotList } from "../petitions/counts.ts";
import { guardedPut, type StoredPetition } from "../petitions/store.ts";
import type { CountSettings } from "./count.ts";
import { type CountDelta, deltasWrittenBefore } from "./count-deltas.ts";
import { withSnapshot } from "./count-merge.ts";
import { mergeForPetition } from "./count-write.ts";

/** Deltas older than this are the sweep's: the stream merges a delta within seconds. */
export const SWEEP_AFTER_MS = 5 * 60_000;

/** Petitions whose document snapshot fell due before `now`, up to `limit`. */
async function snapshotsDue(now: Date, limit: number): Promise<number[]> {
  const { Items = [] } = await db.send(
    new QueryCommand(
      snapshotList.before(now.toISOString(), { ProjectionExpression: "petition_id", Limit: limit }),
    ),
  );
  return Items.map((item) => Number(item.petition_id));
}

/**
 * Copies the counts onto each due petition's document and clears the counts item's due entry,
 * in one transaction on condition that neither changed since read; a lost race waits for the
 * next run (the merge that won set the due time again, or refreshed the document itself).
 */
export async function refreshSnapshots(now: Date, limit = 100): Promise<number> {
  const table = tableName();
  let refreshed = 0;
  for (const petitionId of await snapshotsDue(now, limit)) {
    const { document, counts } = await documentAndCounts(petitionId, true);
    if (!document || !counts) continue;
    const petition = document as StoredPetition;
    const next: StoredPetition = {
      ...withSnapshot(petition, counts, now),
      updated_at: now.toISOString(),
      version: petition.version + 1,
    };
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            guardedPut(next, petition, [petition.state], table),
            {
              Update: {
                TableName: table,
                Key: countsKey(petitionId),
                UpdateExpression: "REMOVE duePK, dueSK",
                ConditionExpression: "version = :version",
                ExpressionAttributeValues: { ":version": counts.version },
              },
            },
          ],
        }),
      );
      refreshed++;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  return refreshed;
}

/** Merges deltas written more than SWEEP_AFTER_MS ago and still there; returns how many. */
export async function sweepDeltas(settings: CountSettings, now: () => Date, limit = 500): Promise<number> {
  const waiting = await deltasWrittenBefore(new Date(now().getTime() - SWEEP_AFTER_MS), limit);
  const byPetition = new Map<number, CountDelta[]>();
  for (const delta of waiting) {
    byPetition.set(delta.petition_id, [...(byPetition.get(delta.petition_id) ?? []), delta]);
  }
  let merged = 0;
  for (const [petitionId, deltas] of byPetition) {
    merged += await mergeForPetition(petitionId, deltas, settings, now);
  }
  return merged;
}
