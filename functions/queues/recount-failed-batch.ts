/**
 * The counter's on-failure path: each message is a batch that failed after its retries. Its
 * records are read back from the stream and applied once (shared/signatures/recover-batch.ts);
 * the petitions it touched are marked first, so one that fails here is recounted by the
 * reconciliation job.
 */
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { failedBatchSchema } from "../../shared/signatures/failed-batch.ts";
import { recoverBatch } from "../../shared/signatures/recover-batch.ts";
import { withThresholdsInEffect } from "../../shared/site/thresholds.ts";

const config = functionConfig("RecountFailedBatch");

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
      // The settings a recount would take (the ranges' deltas are merged by MergeCounts).
      await recoverBatch(parsed.data, await withThresholdsInEffect(config));
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
