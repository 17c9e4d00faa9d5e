/**
 * Keeps the search index and the facet tally current from each petition change. Records of one
 * petition run in order; petitions run side by side; a petition that fails reports its records
 * for retry and the others stand.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { loadConfig } from "../../shared/config.ts";
import { logger } from "../../shared/log.ts";
import { indexPetition, type PetitionImage, petitionImageSchema } from "../../shared/search/indexer.ts";
import { parseImage } from "../../shared/streams/records.ts";

loadConfig(["TABLE_NAME"]);

export async function indexBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const byPetition = new Map<number, { image: PetitionImage; sequence: string }[]>();
  for (const record of event.Records) {
    const image = parseImage(record, "NewImage", petitionImageSchema) as PetitionImage | null;
    if (!image) continue;
    const list = byPetition.get(image.id) ?? [];
    list.push({ image, sequence: record.dynamodb?.SequenceNumber ?? "" });
    byPetition.set(image.id, list);
  }
  const failed: string[] = [];
  await Promise.all(
    [...byPetition].map(async ([petitionId, entries]) => {
      // Only the newest image matters: it carries every earlier change.
      const newest = entries.reduce((a, b) => (b.image.version >= a.image.version ? b : a));
      try {
        await indexPetition(newest.image);
      } catch (error) {
        logger.warn("indexing failed; the records will be retried", {
          code: "index_failed",
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
  .handler((event) => indexBatch(event));
