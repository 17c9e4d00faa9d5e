/**
 * The fan-out of mass email jobs: each running job's change on the stream sends its next page;
 * the page's closing write is the change that brings the page after it.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import middy from "@middy/core";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { loadConfig } from "../../shared/config.ts";
import { logger } from "../../shared/log.ts";
import { jobRecordSchema, runJobPage } from "../../shared/mail/jobs.ts";
import { observed } from "../../shared/observe.ts";
import { parseImage } from "../../shared/streams/records.ts";

const config = loadConfig([
  "TABLE_NAME",
  "PUBLIC_URL",
  "SERVICE_NAME",
  "SENDER_EMAIL",
  "MAIL_RATE_PER_SECOND",
  "MAIL_RESERVE_PER_SECOND",
  "SES_CONFIGURATION_SET",
  // The emails name the thresholds.
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
]);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function runRecord(record: DynamoDBRecord): Promise<void> {
  const job = parseImage(record, "NewImage", jobRecordSchema);
  if (job?.state !== "running") return;
  try {
    await runJobPage(job.id, config, { page: job.page });
  } catch (error) {
    const { name, message } = error as Error;
    logger.warn("mail job page failed; it will be retried", {
      code: "job_page_failed",
      jobId: job.id,
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
