/**
 * Keeps the search index (shared/search/index.ts) and the facet tally (STATS / FACETS) in step
 * with each petition, from the table's stream.
 *
 * For each new petition image: read its listing item; if the listing is already at this version
 * or newer (a replay), stop. Otherwise update the postings of the words gained or lost (set
 * ADD/DELETE: idempotent, so a crash after them is harmless), then in one transaction put the
 * listing (only if still older) and move the facet tally by the facets gained or lost. The tally
 * moves exactly once per change, because the listing is the record of what was counted.
 */
import { TransactionCanceledException, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, dynamo, tableName } from "../db/client.ts";
import { VISIBLE_STATES } from "../domain/petition-state.ts";
import { facetKeys, type ListFacet, talliedFacets } from "../petitions/facets.ts";
import { facetStatsKey } from "../petitions/items.ts";
import type { PetitionRecord } from "../petitions/model.ts";
import { pool } from "../pool.ts";
import * as z from "../zod.ts";
import { type ListingItem, listingKey, postingKey } from "./index.ts";
import { petitionWords, topicTerm } from "./text.ts";

/** What the indexer reads from a petition image; the rest passes through unchecked. */
export const petitionImageSchema = z.looseObject({
  entity: z.literal("PETITION"),
  id: z.number().check(z.int(), z.positive()),
  version: z.number().check(z.int(), z.nonnegative()),
  state: z.string(),
  action: z.string(),
  background: z.string(),
  additional_details: z.optional(z.nullable(z.string())),
  signature_count: z.number(),
  created_at: z.string(),
});
export type PetitionImage = PetitionRecord & { version: number };

/** The listing item a petition should have now. */
export function listingOf(p: PetitionImage): ListingItem {
  const visible = (VISIBLE_STATES as readonly string[]).includes(p.state);
  return {
    entity: "LISTING",
    id: p.id,
    version: p.version,
    keys: facetKeys(p),
    words: visible && !p.archived_in ? [...petitionWords(p), ...(p.topics ?? []).map(topicTerm)] : [],
  };
}

/** +1/-1 per tallied facet the petition joined or left. */
export function facetDeltas(
  before: ListingItem["keys"] | undefined,
  after: ListingItem["keys"],
): Partial<Record<ListFacet, number>> {
  const deltas: Partial<Record<ListFacet, number>> = {};
  for (const name of talliedFacets) {
    const delta = Number(name in after) - Number(before !== undefined && name in before);
    if (delta !== 0) deltas[name] = delta;
  }
  return deltas;
}

const sameKeys = (a: ListingItem["keys"], b: ListingItem["keys"]) => {
  const left = Object.entries(a).sort();
  const right = Object.entries(b).sort();
  return JSON.stringify(left) === JSON.stringify(right);
};

/**
 * Set ADD/DELETE on the postings. Written with the low-level client and an explicit `NS`, so no
 * marshaller has to recognise a JavaScript Set (which fails across module realms, as in vitest).
 */
async function updatePostings(id: number, words: string[], action: "ADD" | "DELETE"): Promise<void> {
  const table = tableName();
  await pool(words, 25, async (word) => {
    const key = postingKey(word, id);
    await dynamo.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { PK: { S: key.PK }, SK: { S: key.SK } },
        UpdateExpression: `${action} ids :id SET entity = :entity`,
        ExpressionAttributeValues: { ":id": { NS: [String(id)] }, ":entity": { S: "TERM" } },
      }),
    );
  });
}

export async function indexPetition(p: PetitionImage): Promise<"indexed" | "unchanged" | "stale"> {
  const table = tableName();
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: listingKey(p.id), ConsistentRead: true }),
  );
  const before = Item as ListingItem | undefined;
  if (before && before.version >= p.version) return "stale";
  const after = listingOf(p);
  const had = new Set(before?.words ?? []);
  const has = new Set(after.words);
  const gained = after.words.filter((w) => !had.has(w));
  const lost = [...had].filter((w) => !has.has(w));
  if (before && gained.length === 0 && lost.length === 0 && sameKeys(before.keys, after.keys)) {
    return "unchanged";
  }
  await updatePostings(p.id, gained, "ADD");
  await updatePostings(p.id, lost, "DELETE");
  const deltas = Object.entries(facetDeltas(before?.keys, after.keys));
  const names = Object.fromEntries(deltas.map(([name], i) => [`#f${i}`, name]));
  const values = Object.fromEntries(deltas.map(([, delta], i) => [`:d${i}`, delta]));
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...listingKey(p.id), ...after },
              ConditionExpression: "attribute_not_exists(PK) OR version < :version",
              ExpressionAttributeValues: { ":version": p.version },
            },
          },
          ...(deltas.length > 0
            ? [
                {
                  Update: {
                    TableName: table,
                    Key: facetStatsKey,
                    UpdateExpression: `ADD ${deltas.map((_, i) => `#f${i} :d${i}`).join(", ")}`,
                    ExpressionAttributeNames: names,
                    ExpressionAttributeValues: values,
                  },
                },
              ]
            : []),
        ],
      }),
    );
  } catch (error) {
    const first = error instanceof TransactionCanceledException ? error.CancellationReasons?.[0] : undefined;
    // A newer image was indexed meanwhile: it carries everything this one would have.
    if (first?.Code === "ConditionalCheckFailed") return "stale";
    throw error;
  }
  return "indexed";
}
