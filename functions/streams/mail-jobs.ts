/**
 * The fan-out of mass email jobs: each running job's change on the stream sends its next page;
 * the page's closing write is the change that brings the page after it.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import middy from "@middy/core";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { jobRecordSchema } from "../../shared/mail/mass-mail.ts";
import { runJobPage } from "../../shared/mail/mass-mail-page.ts";
import { observed } from "../../shared/observe.ts";
import { withThresholdsInEffect } from "../../shared/site/thresholds.ts";
import { parseImage } from "../../shared/streams/records.ts";

const config = functionConfig("MailJobs");
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function runRecord(record: DynamoDBRecord): Promise<void> {
  const job = parseImage(record, "NewImage", jobRecordSchema);
  if (job?.state !== "running") return;
  try {
    // The thresholds the emails name are those in effect (site settings).
    await runJobPage(job.id, await withThresholdsInEffect(config), { page: job.page });
  } catch (error) {
    const { name, message } = error as Error;
    logger.warn("mail job page failed; it will be retried", {
      code: LogCode.jobPageFailed,
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
