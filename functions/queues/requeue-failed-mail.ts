/**
 * SendMail's on-failure path: each message is a batch that failed after its retries. Its unsent
 * messages join the outbox sweeper's queue (shared/mail/requeue.ts), and the sweeper sends them.
 */
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { mailCapsFrom } from "../../shared/mail/caps.ts";
import { requeueFailedBatch } from "../../shared/mail/requeue.ts";
import { observed } from "../../shared/observe.ts";
import { repairEach } from "../../shared/streams/failed-batch.ts";

const config = functionConfig("RequeueFailedMail");
const requeueing = { PUBLIC_URL: config.PUBLIC_URL, caps: mailCapsFrom(config) };

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(observed())
  .handler((event) =>
    repairEach(event, (batch) => requeueFailedBatch(batch, requeueing), {
      unreadable: LogCode.mailFailureUnreadableMessage,
      failed: LogCode.mailBatchRequeueFailed,
    }),
  );
