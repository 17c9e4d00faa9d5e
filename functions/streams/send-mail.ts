/**
 * Sends each new outbox message through SES, once: a message already marked sent, or claimed by
 * the outbox sweeper, is skipped, and the mark is written only after SES accepted it, so a
 * failure retries rather than loses.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import middy from "@middy/core";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { loadConfig } from "../../shared/config.ts";
import { deliver } from "../../shared/mail/deliver.ts";
import { outboxMessageSchema } from "../../shared/mail/outbox.ts";
import { observed } from "../../shared/observe.ts";
import { parseImage } from "../../shared/streams/records.ts";

const config = loadConfig([
  "TABLE_NAME",
  "PUBLIC_URL",
  "SERVICE_NAME",
  "SENDER_EMAIL",
  "SES_CONFIGURATION_SET",
  // The emails name the thresholds.
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
]);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function sendRecord(record: DynamoDBRecord): Promise<void> {
  const message = parseImage(record, "NewImage", outboxMessageSchema);
  if (!message) return;
  await deliver(message, config);
}

export const handler = middy<DynamoDBStreamEvent>()
  .use(observed())
  .handler((event, context) => processPartialResponse(event, sendRecord, processor, { context }));
