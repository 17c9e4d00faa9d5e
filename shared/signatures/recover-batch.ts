/**
 * Recovering a counter batch that failed after its retries. Lambda has skipped it: the batch's
 * records were never applied (the counter reports the first record of a failed chunk, and Lambda
 * retries from there, so the failed range starts at the first record not applied). They are read
 * back from the stream and applied once, as deltas keyed by the failed range (count-deltas.ts,
 * applyFailedRange). The petitions they touch are marked for recount first and unmarked once the
 * range is applied, so a recovery that fails here is still done by the reconciliation job. When
 * the stream no longer holds the records, every petition that can gain signatures is marked.
 */
import type { DynamoDBRecord } from "aws-lambda";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import { documentAndCounts } from "../petitions/counts.ts";
import { batchLogFields, type FailedBatch, readRange } from "../streams/failed-batch.ts";
import { entryOf } from "./count.ts";
import { applyFailedRange } from "./count-deltas.ts";
import { auditPut } from "./count-write.ts";
import { petitionsIn, petitionsThatCount } from "./failed-batch.ts";
import { markForRecount, type RecountSettings, unmark } from "./recount.ts";

export const FAILED_BATCH_CAUSE = "counter batch failed";

export async function recoverBatch(
  batch: FailedBatch,
  _config: RecountSettings,
  now = () => new Date(),
): Promise<{ petitions: number[]; readable: boolean; applied?: boolean }> {
  const info = batch.DDBStreamBatchInfo;
  recordMetric("CounterBatchFailed");
  logger.error("a counter batch failed after its retries; applying its records from the stream", {
    code: LogCode.counterBatchFailed,
    ...batchLogFields(batch),
  });
  const records = await readRange(info);
  if (records === null) {
    // The range is gone: every petition that could have been touched is recounted instead.
    const petitions = await petitionsThatCount();
    logger.error(
      "the failed batch's records are no longer in the stream; recounting every counting petition",
      { code: LogCode.counterBatchUnreadable, shardId: info.shardId, petitions: petitions.length },
    );
    for (const id of petitions) await markForRecount(id, "counter batch unreadable", now());
    return { petitions, readable: false };
  }
  const petitions = petitionsIn(records);
  const marks = [];
  for (const id of petitions) marks.push(await markForRecount(id, FAILED_BATCH_CAUSE, now()));
  const shardRecords = records.map((record) => ({
    sequence: record.dynamodb?.SequenceNumber ?? "",
    // The Streams API's record holds the same images Lambda delivers.
    entry: entryOf(record as unknown as DynamoDBRecord),
  }));
  const signatures = new Map<number, number>();
  for (const { entry } of shardRecords) {
    if (entry)
      signatures.set(entry.signature.petition_id, (signatures.get(entry.signature.petition_id) ?? 0) + 1);
  }
  const at = now();
  const before = new Map<number, number>();
  for (const id of signatures.keys()) {
    const { document, counts } = await documentAndCounts(id, true);
    before.set(id, counts?.signature_count ?? document?.signature_count ?? 0);
  }
  const applied = await applyFailedRange(
    info.shardId,
    info.startSequenceNumber,
    shardRecords,
    at,
    (id, change) => {
      const old = before.get(id) ?? 0;
      return auditPut(
        id,
        { old_count: old, new_count: old + change.signature_count },
        signatures.get(id) ?? 0,
        FAILED_BATCH_CAUSE,
        at,
      );
    },
  );
  // Applied now or before (a message delivered again): the marks have done their work.
  for (const mark of marks) await unmark(mark);
  logger.info("a failed counter batch's records were applied", {
    code: LogCode.counterBatchRecounted,
    shardId: info.shardId,
    petitions: petitions.length,
    applied,
  });
  return { petitions, readable: true, applied };
}
