/**
 * Retention: six months (a setting) after a petition closed or was rejected, its signatures
 * lose their personal data (name, email, postcode, IP); the counts and each signature's
 * constituency, region and country stay, so the published figures never change. Reads only
 * what is due, from the `due` index ordered by when each petition ended.
 *
 * Access patterns:
 * - petitions due:           Query due ANONYMISE, sort key < now - retention
 * - their signatures:        Query signers SIGNERS#<petition>#<shard>, shard by shard
 * - anonymise one:           Update, condition: not yet anonymised
 */
import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client.ts";
import { tableName } from "../db/petitions.ts";
import { logger } from "../log.ts";
import { amend } from "./store.ts";

export interface RetentionSettings {
  ANONYMISE_AFTER_MONTHS: number;
  SIGNER_INDEX_SHARDS: number;
}

function monthsBefore(now: Date, months: number): Date {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
}

async function anonymiseShard(
  petitionId: number,
  shard: number,
  now: Date,
  deadline: number,
): Promise<{ done: boolean; count: number }> {
  let start: Record<string, unknown> | undefined;
  let count = 0;
  do {
    if (Date.now() > deadline) return { done: false, count };
    const page = await db.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "signers",
        KeyConditionExpression: "signersPK = :pk",
        FilterExpression: "attribute_not_exists(anonymised_at)",
        ExpressionAttributeValues: { ":pk": `SIGNERS#${petitionId}#${shard}` },
        ProjectionExpression: "PK, SK",
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      await db
        .send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { PK: item.PK, SK: item.SK },
            UpdateExpression:
              "SET #name = :blank, email = :blank, postcode = :none, ip = :blank, anonymised_at = :now, name_key = :blank",
            ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(anonymised_at)",
            ExpressionAttributeNames: { "#name": "name" },
            ExpressionAttributeValues: { ":blank": "", ":none": null, ":now": now.toISOString() },
          }),
        )
        .catch((error: Error) => {
          if (error.name !== "ConditionalCheckFailedException") throw error;
        });
      count += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { done: true, count };
}

/** Anonymises what is due, within a time budget; what is left waits for the next run. */
export async function anonymiseDue(settings: RetentionSettings, now: Date, budgetMs = 240_000) {
  const deadline = Date.now() + budgetMs;
  const cutoff = monthsBefore(now, settings.ANONYMISE_AFTER_MONTHS).toISOString();
  const page = await db.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "due",
      KeyConditionExpression: "duePK = :pk AND dueSK < :cutoff",
      ExpressionAttributeValues: { ":pk": "ANONYMISE", ":cutoff": cutoff },
      ProjectionExpression: "id",
      Limit: 50,
    }),
  );
  const finished: number[] = [];
  let signatures = 0;
  for (const { id } of page.Items ?? []) {
    const petitionId = Number(id);
    let complete = true;
    for (let shard = 0; shard < settings.SIGNER_INDEX_SHARDS; shard++) {
      const result = await anonymiseShard(petitionId, shard, now, deadline);
      signatures += result.count;
      if (!result.done) {
        complete = false;
        break;
      }
    }
    if (!complete) break;
    await amend(petitionId, ["closed", "rejected", "hidden", "stopped"], now, () => ({
      set: { anonymised_at: now.toISOString(), creator_name: "" },
    }));
    finished.push(petitionId);
  }
  if (signatures > 0)
    logger.info("signatures anonymised", { code: "anonymised", signatures, petitions: finished.length });
  return { petitions: finished, signatures };
}
