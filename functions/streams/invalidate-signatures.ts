/**
 * The invalidation job's pages: each running invalidation's change on the stream invalidates its
 * next page; the page's closing write is the change that brings the page after it.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import middy from "@middy/core";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { observed } from "../../shared/observe.ts";
import { runInvalidationPage } from "../../shared/signatures/invalidate-page.ts";
import { invalidationRecordSchema } from "../../shared/signatures/invalidation.ts";
import { parseImage } from "../../shared/streams/records.ts";

const config = functionConfig("InvalidateSignatures");
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** A running invalidation's change: its next page (a failure is logged by the page and retried). */
async function runRecord(record: DynamoDBRecord): Promise<void> {
  const job = parseImage(record, "NewImage", invalidationRecordSchema);
  if (job?.state === "running") await runInvalidationPage(job.id, config, { page: job.page });
}

export const handler = middy<DynamoDBStreamEvent>()
  .use(observed())
  .handler((event, context) =>
    processPartialResponse(event, runRecord, processor, { context, processInParallel: false }),
  );
