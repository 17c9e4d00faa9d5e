/**
 * The counter's on-failure path: each message is a batch that failed after its retries. Its
 * records are read back from the stream and applied once (shared/signatures/recover-batch.ts);
 * the petitions it touched are marked first, so one that fails here is recounted by the
 * reconciliation job.
 */
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { recoverBatch } from "../../shared/signatures/recover-batch.ts";
import { withThresholdsInEffect } from "../../shared/site/thresholds.ts";
import { repairEach } from "../../shared/streams/failed-batch.ts";

const config = functionConfig("RecountFailedBatch");

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(observed())
  .handler(async (event) =>
    repairEach(
      event,
      // The settings a recount would take (the ranges' deltas are merged by MergeCounts).
      async (batch) => recoverBatch(batch, await withThresholdsInEffect(config)),
      { unreadable: LogCode.counterFailureUnreadableMessage, failed: LogCode.counterBatchRecountFailed },
    ),
  );
