/**
 * Recovering a counter batch that failed after its retries: the petitions it touched are marked
 * for recount, then recounted from their signatures; a mark stays until a recount finishes, so a
 * recount that fails here is done by the reconciliation job. When the stream no longer holds the
 * batch's records, every petition that can gain signatures is marked instead.
 */
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import { type FailedBatch, petitionsIn, petitionsThatCount, readRange } from "./failed-batch.ts";
import { markForRecount, type RecountSettings, recountPetition, unmark } from "./recount.ts";

/** Recounts at once only this many petitions of one batch; the rest wait for the reconciliation job. */
const RECOUNT_NOW = 50;

export async function recoverBatch(
  batch: FailedBatch,
  config: RecountSettings,
  now = () => new Date(),
): Promise<{ petitions: number[]; readable: boolean }> {
  const info = batch.DDBStreamBatchInfo;
  recordMetric("CounterBatchFailed");
  logger.error("a counter batch failed after its retries; recounting the petitions it touched", {
    code: LogCode.counterBatchFailed,
    shardId: info.shardId,
    startSequenceNumber: info.startSequenceNumber,
    endSequenceNumber: info.endSequenceNumber,
    batchSize: info.batchSize,
    condition: batch.requestContext.condition,
  });
  const records = await readRange(info);
  if (records === null) {
    // The range is gone: every petition that could have been touched is recounted instead.
    const petitions = await petitionsThatCount();
    logger.error(
      "the failed batch's records are no longer in the stream; recounting every counting petition",
      {
        code: LogCode.counterBatchUnreadable,
        shardId: info.shardId,
        petitions: petitions.length,
      },
    );
    for (const id of petitions) await markForRecount(id, "counter batch unreadable", now());
    return { petitions, readable: false };
  }
  const petitions = petitionsIn(records);
  const marks = [];
  for (const id of petitions) marks.push(await markForRecount(id, "counter batch failed", now()));
  // Marked first, so a recount that fails here is still done by the reconciliation job.
  for (const mark of marks.slice(0, RECOUNT_NOW)) {
    const id = mark.petition_id;
    const { corrected } = await recountPetition(id, config, "counter batch failed", now);
    await unmark(mark);
    if (corrected > 0) recordMetric("CountDriftCorrected");
    logger.info("petition recounted after a failed counter batch", {
      code: LogCode.counterBatchRecounted,
      petitionId: id,
      corrected,
    });
  }
  return { petitions, readable: true };
}
