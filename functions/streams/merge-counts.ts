/**
 * Stage 2 of the counter: adds each new delta item to its petition's counts item and deletes it
 * in the same transaction; the document changes only on a state change, a threshold, or a
 * snapshot older than a minute (shared/signatures/count-merge.ts states the invariant).
 */
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { type CountDelta, countDeltaSchema } from "../../shared/signatures/count-deltas.ts";
import { mergeForPetition } from "../../shared/signatures/count-write.ts";
import { siteSettings } from "../../shared/site/settings.ts";
import { thresholdsInEffect } from "../../shared/site/thresholds.ts";
import { byPetition } from "../../shared/streams/by-petition.ts";
import { parseImage } from "../../shared/streams/records.ts";

const config = functionConfig("MergeCounts");

export function mergeBatch(
  event: DynamoDBStreamEvent,
  now = () => new Date(),
): Promise<DynamoDBBatchResponse> {
  return byPetition(
    event.Records,
    (record) => {
      const delta = parseImage(record, "NewImage", countDeltaSchema) as CountDelta | null;
      return delta ? { petitionId: delta.petition_id, entry: delta } : null;
    },
    async (petitionId, deltas: CountDelta[]) => {
      // The thresholds in effect (site settings, cached per instance).
      const site = await siteSettings(config);
      await mergeForPetition(petitionId, deltas, thresholdsInEffect(site), now);
    },
    LogCode.countFailed,
  );
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(observed())
  .handler((event) => mergeBatch(event));
