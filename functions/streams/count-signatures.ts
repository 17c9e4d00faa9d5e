/**
 * Adds each batch of confirmed (and invalidated) signatures to their petitions: one write per
 * petition per batch. A petition that fails reports its records for retry; the others stand.
 */
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { type CountEntry, entryOf } from "../../shared/signatures/count.ts";
import { countForPetition } from "../../shared/signatures/count-write.ts";
import { recordTrending } from "../../shared/signatures/trending-sources.ts";
import { siteSettings } from "../../shared/site/settings.ts";
import { thresholdsInEffect } from "../../shared/site/thresholds.ts";
import { byPetition } from "../../shared/streams/by-petition.ts";

const config = functionConfig("CountSignatures");

export function countBatch(
  event: DynamoDBStreamEvent,
  now = () => new Date(),
): Promise<DynamoDBBatchResponse> {
  return byPetition(
    event.Records,
    (record) => {
      const entry = entryOf(record);
      return entry ? { petitionId: entry.signature.petition_id, entry } : null;
    },
    async (petitionId, entries: CountEntry[]) => {
      // The thresholds in effect (site settings, cached per instance).
      const site = await siteSettings(config);
      await countForPetition(petitionId, entries, thresholdsInEffect(site), now);
      // Detection only: a lost tally never changes a count, so it must not fail the batch.
      await recordTrending(petitionId, entries, config, now()).catch((error: unknown) =>
        logger.warn("trending tally failed", {
          code: LogCode.trendingFailed,
          petitionId,
          errorName: (error as Error).name,
        }),
      );
    },
    LogCode.countFailed,
  );
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(observed())
  .handler((event) => countBatch(event));
