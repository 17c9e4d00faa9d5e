/**
 * The counter's on-failure path: each message is a batch that failed after its retries. The
 * petitions it touched are marked for recount and recounted from their signatures; a mark stays
 * until a recount finishes, so a recount that fails here is done by the reconciliation job.
 */
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { recordMetric } from "../../shared/metrics.ts";
import { observed } from "../../shared/observe.ts";
import {
  type FailedBatch,
  failedBatchSchema,
  petitionsIn,
  petitionsThatCount,
  readRange,
} from "../../shared/signatures/failed-batch.ts";
import { markForRecount, recountPetition, unmark } from "../../shared/signatures/recount.ts";

const config = functionConfig("RecountFailedBatch");

/** Recounts at once only this many petitions of one batch; the rest wait for the reconciliation job. */
const RECOUNT_NOW = 50;

export async function recoverBatch(
  batch: FailedBatch,
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

async function handle(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  for (const message of event.Records) {
    const parsed = failedBatchSchema.safeParse(jsonOrUndefined(message.body));
    if (!parsed.success) {
      logger.error("not a stream on-failure message; left for the dead-letter queue", {
        code: LogCode.counterFailureUnreadableMessage,
        messageId: message.messageId,
      });
      failures.push({ itemIdentifier: message.messageId });
      continue;
    }
    try {
      await recoverBatch(parsed.data);
    } catch (error) {
      logger.warn("recounting a failed counter batch failed; it will be retried", {
        code: LogCode.counterBatchRecountFailed,
        messageId: message.messageId,
        errorName: (error as Error).name,
      });
      failures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures: failures };
}

function jsonOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(observed())
  .handler((event) => handle(event));
