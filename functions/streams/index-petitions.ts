/**
 * Keeps the search index, the facet tally and the local petitions (shared/petitions/local.ts)
 * current from each petition change. Records of one petition run in order; petitions run side
 * by side; a petition that fails reports its records for retry and the others stand.
 */
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { indexLocal } from "../../shared/petitions/local.ts";
import { indexPetition, type PetitionImage, petitionImageSchema } from "../../shared/search/indexer.ts";
import { byPetition } from "../../shared/streams/by-petition.ts";
import { parseImage } from "../../shared/streams/records.ts";

functionConfig("IndexPetitions");

export function indexBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  return byPetition(
    event.Records,
    (record) => {
      const image = parseImage(record, "NewImage", petitionImageSchema) as PetitionImage | null;
      return image ? { petitionId: image.id, entry: image } : null;
    },
    // Only the newest image matters: it carries every earlier change.
    async (_id, images) => {
      const newest = images.reduce((a, b) => (b.version >= a.version ? b : a));
      await indexPetition(newest);
      await indexLocal(newest);
    },
    LogCode.indexFailed,
  );
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(observed())
  .handler((event) => indexBatch(event));
