/**
 * Adds each batch of confirmed (and invalidated) signatures to their petitions: one write per
 * petition per batch. A petition that fails reports its records for retry; the others stand.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { loadConfig } from "../../shared/config.ts";
import { logger } from "../../shared/log.ts";
import { type CountEntry, countForPetition, entryOf } from "../../shared/signatures/count.ts";
import { recordTrending } from "../../shared/signatures/trending.ts";

const config = loadConfig([
  "TABLE_NAME",
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
  "TRENDING_THRESHOLD",
]);

export async function countBatch(
  event: DynamoDBStreamEvent,
  now = () => new Date(),
): Promise<DynamoDBBatchResponse> {
  const byPetition = new Map<number, CountEntry[]>();
  for (const record of event.Records) {
    const entry = entryOf(record);
    if (!entry) continue;
    const list = byPetition.get(entry.signature.petition_id) ?? [];
    list.push(entry);
    byPetition.set(entry.signature.petition_id, list);
  }
  const failed: string[] = [];
  await Promise.all(
    [...byPetition].map(async ([petitionId, entries]) => {
      try {
        await countForPetition(petitionId, entries, config, now);
        // Detection only: a lost tally never changes a count, so it must not fail the batch.
        await recordTrending(petitionId, entries, config.TRENDING_THRESHOLD, now()).catch((error: unknown) =>
          logger.warn("trending tally failed", {
            code: "trending_failed",
            petitionId,
            errorName: (error as Error).name,
          }),
        );
      } catch (error) {
        logger.warn("count failed; the records will be retried", {
          code: "count_failed",
          petitionId,
          errorName: error instanceof Error ? error.name : "unknown",
        });
        failed.push(...entries.map((e) => e.sequence));
      }
    }),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => countBatch(event));
