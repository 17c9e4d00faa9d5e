/**
 * The search index: an inverted index of petition words, kept current by the IndexPetitions
 * stream function (shared/search/indexer.ts) and read by /petitions.json?q=.
 *
 * Items:
 * - posting:  `TERM#<word>` / `CHUNK#<n>`  `ids`: a number set of the visible petitions whose text
 *             holds the word, ids n*4096 .. n*4096+4095. Set ADD/DELETE are idempotent, so a
 *             replayed stream record changes nothing.
 * - listing:  `PETITION#<id>` / `LISTING`  the petition's facet sort keys (`keys`: facet -> key),
 *             its words and the version they were taken from: ~0.3 KB, where the petition item
 *             is many KB with its breakdowns.
 *
 * A search (access pattern): Query each word's postings (a few items per word), intersect the
 * id sets, BatchGet the matches' listing items, keep those in the facet, order them by the
 * facet's sort key, slice the page. Cost: O(words x chunks) + O(matches) small reads; no Scan.
 */
import { BatchGetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client.ts";
import { pad, petitionKey } from "../db/keys.ts";
import { tableName } from "../db/petitions.ts";
import { compareInFacet, type ListFacet } from "../petitions/facets.ts";
import type { PetitionRecord } from "../petitions/model.ts";

export const CHUNK_SIZE = 4096;
export const postingKey = (word: string, id: number) => ({
  PK: `TERM#${word}`,
  SK: `CHUNK#${pad(Math.floor(id / CHUNK_SIZE), 6)}`,
});
export const listingKey = (id: number) => ({ PK: petitionKey(id).PK, SK: "LISTING" });

export interface ListingItem {
  entity: "LISTING";
  id: number;
  version: number;
  keys: Partial<Record<ListFacet, string>>;
  words: string[];
}

/** The ids of the visible petitions holding one word. */
async function postings(word: string): Promise<Set<number>> {
  const ids = new Set<number>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": `TERM#${word}` },
        ProjectionExpression: "ids",
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      for (const id of (item.ids as Set<number> | undefined) ?? []) ids.add(Number(id));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return ids;
}

/** BatchGet in rounds of 100, retrying what DynamoDB leaves unprocessed, a few rounds at once. */
export async function batchGet(
  keys: Record<string, unknown>[],
  projection?: { expression: string; names?: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const table = tableName();
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < keys.length; i += 100) chunks.push(keys.slice(i, i + 100));
  const out: Record<string, unknown>[] = [];
  const run = async (chunk: Record<string, unknown>[]) => {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error("BatchGet kept leaving keys unprocessed");
      const result = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ...(projection
                ? {
                    ProjectionExpression: projection.expression,
                    ...(projection.names ? { ExpressionAttributeNames: projection.names } : {}),
                  }
                : {}),
            },
          },
        }),
      );
      out.push(...(result.Responses?.[table] ?? []));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
    }
  };
  const PARALLEL = 8;
  for (let i = 0; i < chunks.length; i += PARALLEL) await Promise.all(chunks.slice(i, i + PARALLEL).map(run));
  return out;
}

export interface SearchHits {
  /** Every match in the facet, in the facet's order. */
  ids: number[];
}

/** The visible petitions in `facet` whose text holds every word, in the facet's order. */
export async function search(words: readonly string[], facet: ListFacet): Promise<SearchHits> {
  if (words.length === 0) return { ids: [] };
  const sets = await Promise.all(words.map(postings));
  sets.sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = sets;
  const matches = [...(smallest ?? [])].filter((id) => rest.every((set) => set.has(id)));
  if (matches.length === 0) return { ids: [] };
  const listings = await batchGet(matches.map(listingKey), {
    expression: "id, #keys.#facet",
    names: { "#keys": "keys", "#facet": facet },
  });
  const ranked = listings
    .map((item) => ({ id: Number(item.id), key: (item.keys as Record<string, string> | undefined)?.[facet] }))
    .filter((hit): hit is { id: number; key: string } => typeof hit.key === "string")
    .sort((a, b) => compareInFacet(facet, a.key, b.key));
  return { ids: ranked.map((hit) => hit.id) };
}

/** Petition items by id, in the order asked, skipping any that vanished. */
export async function petitionsById(ids: readonly number[]): Promise<PetitionRecord[]> {
  if (ids.length === 0) return [];
  const items = await batchGet(ids.map(petitionKey));
  const byId = new Map(items.map((item) => [Number(item.id), item as unknown as PetitionRecord]));
  return ids.map((id) => byId.get(id)).filter((p): p is PetitionRecord => p !== undefined);
}
