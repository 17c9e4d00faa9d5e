/**
 * The invalidation job's pages: each running invalidation's change on the stream invalidates its
 * next page; the page's closing write is the change that brings the page after it.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import middy from "@middy/core";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { runInvalidationPage } from "../../shared/signatures/invalidate-page.ts";
import { invalidationRecordSchema } from "../../shared/signatures/invalidation.ts";
import { parseImage } from "../../shared/streams/records.ts";

const config = functionConfig("InvalidateSignatures");
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function runRecord(record: DynamoDBRecord): Promise<void> {
  const job = parseImage(record, "NewImage", invalidationRecordSchema);
  if (job?.state !== "running") return;
  try {
    const outcome = await runInvalidationPage(job.id, config, { page: job.page });
    if (outcome === "completed") {
      logger.info("invalidation completed", { code: LogCode.invalidationCompleted, invalidationId: job.id });
    }
  } catch (error) {
    const { name, message } = error as Error;
    logger.warn("invalidation page failed; it will be retried", {
      code: LogCode.invalidationPageFailed,
      invalidationId: job.id,
      errorName: name,
      errorMessage: message,
    });
    throw error;
  }
}

export const handler = middy<DynamoDBStreamEvent>()
  .use(observed())
  .handler((event, context) =>
    processPartialResponse(event, runRecord, processor, { context, processInParallel: false }),
  );
