/**
 * Sends each new outbox message, and each new signature that carries its own confirmation email
 * (shared/mail/signature-mail.ts), through SES, once: a message already marked sent, or claimed by
 * the outbox sweeper, is skipped, and the mark is written only after SES accepted it, so a
 * failure retries rather than loses. A message no sweep can reach before this invocation stops
 * (OUTBOX_SWEEP_AFTER_MINUTES after it was queued) is sent without a claim. The batch counts
 * against the account's send rate in one write (shared/mail/rate.ts).
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import middy from "@middy/core";
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { mailCapsFrom } from "../../shared/mail/caps.ts";
import { deliver } from "../../shared/mail/deliver.ts";
import { outboxMessageSchema } from "../../shared/mail/outbox.ts";
import { noteTransactionalSends } from "../../shared/mail/rate.ts";
import { owedMessage, signatureMailSchema, signatureStore } from "../../shared/mail/signature-mail.ts";
import { observed } from "../../shared/observe.ts";
import { withThresholdsInEffect } from "../../shared/site/thresholds.ts";
import { parseImage } from "../../shared/streams/records.ts";

const config = functionConfig("SendMail");
const caps = mailCapsFrom(config);
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function sendRecord(record: DynamoDBRecord, context?: Context): Promise<void> {
  // The thresholds the email names are those in effect (site settings).
  const sending = await withThresholdsInEffect(config);
  // This invocation has stopped by its timeout: a message no sweep reaches before then is sent unclaimed.
  const window = context && {
    endsBy: Date.now() + context.getRemainingTimeInMillis(),
    sweepAfterMinutes: config.OUTBOX_SWEEP_AFTER_MINUTES,
  };
  if (record.dynamodb?.NewImage?.entity?.S === "SIGNATURE") {
    // A new signature, its own confirmation email: never in the sweeper's queue, counted as it goes.
    const signature = parseImage(record, "NewImage", signatureMailSchema);
    if (!signature) return;
    const message = await owedMessage(signature, config.PUBLIC_URL);
    const store = signatureStore(signature, caps);
    await deliver(message, sending, { window, rateNoted: true, store });
    return;
  }
  const message = parseImage(record, "NewImage", outboxMessageSchema);
  if (!message) return;
  await deliver(message, sending, { window, rateNoted: true });
}

export const handler = middy<DynamoDBStreamEvent>()
  .use(observed())
  .handler(async (event, context) => {
    // The batch's messages count against the account's send rate in one write, before any goes.
    await noteTransactionalSends(new Date(), event.Records.length);
    return processPartialResponse(event, sendRecord, processor, { context });
  });
