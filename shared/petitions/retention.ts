/**
 * Retention: six months (a setting) after a petition closed or was rejected, its signatures
 * lose their personal data (name, email, postcode, IP) and their places in the staff-search
 * indexes (byEmail, byIp); the counts and each signature's
 * constituency, region and country stay, so the published figures never change. A petition
 * never published is not kept waiting for ever: UNPUBLISHED_RETENTION_MONTHS after it was
 * started it is stopped (if still collecting supporters or awaiting moderation) and its
 * signatures anonymised at once. Reads only what is due, from the `due` index ordered by when
 * each petition ended or, never published, was started.
 *
 * Access patterns:
 * - petitions due:           Query due ANONYMISE, sort key < now - retention
 * - never published, due:    Query due UNPUBLISHED, sort key < now - unpublished retention
 * - their signatures:        Query signers SIGNERS#<petition>#<shard>, shard by shard
 * - anonymise one:           Update, condition: not yet anonymised
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { queryFrom, type StartKey } from "../db/query.ts";
import { canTransition, ENDED_STATES } from "../domain/petition-state.ts";
import { StateConflictError } from "../errors.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { SEARCH_INDEX_ATTRIBUTES } from "../signatures/search-keys.ts";
import { signersQuery } from "../signatures/store.ts";
import { anonymiseList, dueIn, unpublishedList } from "./due-lists.ts";
import { amend, transition } from "./store.ts";

export interface RetentionSettings {
  ANONYMISE_AFTER_MONTHS: number;
  SIGNER_INDEX_SHARDS: number;
  UNPUBLISHED_RETENTION_MONTHS: number;
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
  let start: StartKey | null = null;
  let count = 0;
  do {
    if (Date.now() > deadline) return { done: false, count };
    const page = await queryFrom(
      signersQuery(petitionId, shard, {
        filter: "attribute_not_exists(anonymised_at)",
        projection: "PK, SK",
      }),
      start,
    );
    for (const item of page.items) {
      await db
        .send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { PK: item.PK, SK: item.SK },
            UpdateExpression:
              "SET #name = :blank, email = :blank, postcode = :none, ip = :blank, anonymised_at = :now, name_key = :blank" +
              ` REMOVE ${SEARCH_INDEX_ATTRIBUTES}`,
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
    start = page.next;
  } while (start);
  return { done: true, count };
}

/** Every signature of one petition, then the petition itself; false when the budget ran out. */
async function anonymisePetition(
  petitionId: number,
  settings: RetentionSettings,
  now: Date,
  deadline: number,
  tally: { signatures: number },
): Promise<boolean> {
  for (let shard = 0; shard < settings.SIGNER_INDEX_SHARDS; shard++) {
    const result = await anonymiseShard(petitionId, shard, now, deadline);
    tally.signatures += result.count;
    if (!result.done) return false;
  }
  await amend(petitionId, [...ENDED_STATES, "stopped"], now, () => ({
    set: { anonymised_at: now.toISOString(), creator_name: "" },
  }));
  return true;
}

/** Anonymises what is due, within a time budget; what is left waits for the next run. */
export async function anonymiseDue(settings: RetentionSettings, now: Date, budgetMs = 240_000) {
  const deadline = Date.now() + budgetMs;
  const finished: number[] = [];
  const stopped: number[] = [];
  const tally = { signatures: 0 };
  for (const { id } of await dueIn(anonymiseList, monthsBefore(now, settings.ANONYMISE_AFTER_MONTHS))) {
    if (!(await anonymisePetition(id, settings, now, deadline, tally))) break;
    finished.push(id);
  }
  const unpublished = await dueIn(unpublishedList, monthsBefore(now, settings.UNPUBLISHED_RETENTION_MONTHS));
  for (const { id, state } of unpublished) {
    if (Date.now() > deadline) break;
    if (canTransition(state, "stop")) {
      try {
        await transition(id, "stop", now, () => ({}));
        stopped.push(id);
      } catch (error) {
        // Published or rejected a moment ago: no longer this rule's to remove.
        if (error instanceof StateConflictError) continue;
        throw error;
      }
    }
    if (!(await anonymisePetition(id, settings, now, deadline, tally))) break;
    finished.push(id);
  }
  const { signatures } = tally;
  if (signatures > 0 || stopped.length > 0)
    logger.info("signatures anonymised", {
      code: LogCode.anonymised,
      signatures,
      petitions: finished.length,
      stoppedUnpublished: stopped.length,
    });
  return { petitions: finished, signatures, stopped };
}
