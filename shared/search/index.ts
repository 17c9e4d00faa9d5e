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
 * A search (access pattern): Query each word's postings (a few items per word: one per 4,096
 * petition ids), intersect the id sets rarest first, then order the matches by the facet (see
 * `searchPage`: BatchGet of at most RANK_LIMIT listing items, or a walk of the facet's index of
 * at most WALK_LIMIT entries). Cost: O(words x chunks) + O(min(matches, RANK_LIMIT, WALK_LIMIT))
 * small reads; no Scan, and no query however common its words reads more.
 */
import { batchGet } from "../db/batch.ts";
import { tableName } from "../db/client.ts";
import { pad, petitionKey } from "../db/keys.ts";
import { partitionQuery, queryPages } from "../db/query.ts";
import { compareInFacet, facets, type ListFacet } from "../petitions/facets.ts";
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
  const pages = queryPages({
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": `TERM#${word}` },
    ProjectionExpression: "ids",
  });
  for await (const page of pages) {
    for (const item of page) {
      for (const id of (item.ids as Set<number> | undefined) ?? []) ids.add(Number(id));
    }
  }
  return ids;
}

/**
 * How a search is answered, bounded whatever the words (a word in every petition included):
 * - "rank": at most `rankLimit` matches: BatchGet their small listing items (100 a call),
 *   order them by the facet's sort key. Exact order and exact total in the facet.
 * - "walk": more matches than that: walk the facet's own index partition in order (ids only,
 *   1,000 a Query) keeping the ids that match, until the page is full or `walkLimit` entries
 *   have been read. The more common the words, the denser the matches and the shorter the walk
 *   (a word in every petition fills page 1 from its first 25 entries). Exact order; the total
 *   is exact for `all` (the postings hold exactly the visible petitions), exact when the walk
 *   reached the partition's end, and otherwise estimated from the share matched so far.
 *   A page deeper than the walk reaches comes back empty rather than slow.
 */
export const RANK_LIMIT = 2_000;
export const WALK_LIMIT = 10_000;

export interface SearchLimits {
  rankLimit?: number;
  walkLimit?: number;
}

/** Intersects id sets, rarest first, stopping as soon as nothing is left. Pure. */
export function intersect(sets: readonly ReadonlySet<number>[]): Set<number> {
  if (sets.length === 0) return new Set();
  const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  let out = new Set(smallest);
  for (const set of rest) {
    if (out.size === 0) break;
    out = new Set([...out].filter((id) => set.has(id)));
  }
  return out;
}

/** Which way a search with this many matches is answered. Pure. */
export function searchPlan(matches: number, rankLimit = RANK_LIMIT): "none" | "rank" | "walk" {
  if (matches === 0) return "none";
  return matches <= rankLimit ? "rank" : "walk";
}

/**
 * The total a walk reports: exact when it read the whole partition or the facet is `all`,
 * otherwise the share matched so far times the facet's size, within what is known. Pure.
 */
export function walkTotal(input: {
  facet: ListFacet;
  matches: number;
  hits: number;
  walked: number;
  complete: boolean;
  facetSize: number;
}): number {
  if (input.complete) return input.hits;
  if (input.facet === "all") return input.matches;
  const estimate =
    input.walked === 0 ? input.matches : Math.round((input.hits / input.walked) * input.facetSize);
  return Math.max(input.hits, Math.min(input.matches, estimate));
}

/** The visible petitions holding every word, as an id set (before any facet). */
export async function matching(words: readonly string[]): Promise<Set<number>> {
  if (words.length === 0) return new Set();
  return intersect(await Promise.all(words.map(postings)));
}

/** Every match in `facet`, in the facet's order, from the matches' listing items. */
async function rank(matches: ReadonlySet<number>, facet: ListFacet): Promise<number[]> {
  const listings = await batchGet([...matches].map(listingKey), {
    projection: { expression: "id, #keys.#facet", names: { "#keys": "keys", "#facet": facet } },
  });
  return listings
    .map((item) => ({ id: Number(item.id), key: (item.keys as Record<string, string> | undefined)?.[facet] }))
    .filter((hit): hit is { id: number; key: string } => typeof hit.key === "string")
    .sort((a, b) => compareInFacet(facet, a.key, b.key))
    .map((hit) => hit.id);
}

/** The facet's index partition in order, ids only, a Query (up to 1,000) at a time. */
async function* walkIds(facet: ListFacet, pageSize = 1000): AsyncGenerator<number[]> {
  const { index, partition, descending } = facets[facet];
  const query = partitionQuery(index, partition, descending);
  const pages = queryPages({
    ...query,
    ExpressionAttributeNames: { ...query.ExpressionAttributeNames, "#id": "id" },
    ProjectionExpression: "#id",
    Limit: pageSize,
  });
  for await (const page of pages) yield page.map((item) => Number(item.id));
}

export interface SearchPage {
  /** The ids of the page asked, in the facet's order. */
  ids: number[];
  /** How many match in the facet (see RANK_LIMIT for when it is an estimate). */
  total: number;
  plan: "none" | "rank" | "walk";
}

/** One page (`start`, `count`) of the visible petitions in `facet` whose text holds every word. */
export async function searchPage(
  words: readonly string[],
  facet: ListFacet,
  start: number,
  count: number,
  facetSize: () => Promise<number>,
  limits: SearchLimits = {},
): Promise<SearchPage> {
  const matches = await matching(words);
  const plan = searchPlan(matches.size, limits.rankLimit);
  if (plan === "none") return { ids: [], total: 0, plan };
  if (plan === "rank") {
    const ranked = await rank(matches, facet);
    return { ids: ranked.slice(start, start + count), total: ranked.length, plan };
  }
  const walkLimit = limits.walkLimit ?? WALK_LIMIT;
  const hits: number[] = [];
  let walked = 0;
  let complete = true;
  for await (const ids of walkIds(facet, Math.min(1000, walkLimit))) {
    walked += ids.length;
    for (const id of ids) if (matches.has(id)) hits.push(id);
    if (hits.length >= start + count || walked >= walkLimit) {
      complete = false;
      break;
    }
  }
  const total = walkTotal({
    facet,
    matches: matches.size,
    hits: hits.length,
    walked,
    complete,
    facetSize: complete ? hits.length : await facetSize(),
  });
  return { ids: hits.slice(start, start + count), total, plan };
}

/**
 * Every match in `facet`, in the facet's order, `pageSize` ids at a time (the CSV's source). A
 * walk reads at most `limits.walkLimit` index entries (unbounded when not given) and then sets
 * `progress.complete` to false.
 */
export async function* searchAll(
  words: readonly string[],
  facet: ListFacet,
  pageSize = 500,
  limits: SearchLimits = {},
  progress: { complete: boolean } = { complete: true },
): AsyncGenerator<number[]> {
  const matches = await matching(words);
  const plan = searchPlan(matches.size, limits.rankLimit);
  if (plan === "none") return;
  if (plan === "rank") {
    const ranked = await rank(matches, facet);
    for (let i = 0; i < ranked.length; i += pageSize) yield ranked.slice(i, i + pageSize);
    return;
  }
  // The export reads the facet in order, as it does without `q`, up to the walk limit.
  const walkLimit = limits.walkLimit ?? Number.POSITIVE_INFINITY;
  let page: number[] = [];
  let walked = 0;
  for await (const ids of walkIds(facet, Math.min(1000, walkLimit))) {
    walked += ids.length;
    for (const id of ids) {
      if (!matches.has(id)) continue;
      page.push(id);
      if (page.length === pageSize) {
        yield page;
        page = [];
      }
    }
    if (walked >= walkLimit) {
      progress.complete = false;
      break;
    }
  }
  if (page.length > 0) yield page;
}

/** Petition items by id, in the order asked, skipping any that vanished. */
export async function petitionsById(ids: readonly number[]): Promise<PetitionRecord[]> {
  if (ids.length === 0) return [];
  const items = await batchGet(ids.map(petitionKey));
  const byId = new Map(items.map((item) => [Number(item.id), item as unknown as PetitionRecord]));
  return ids.map((id) => byId.get(id)).filter((p): p is PetitionRecord => p !== undefined);
}
