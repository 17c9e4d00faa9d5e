/**
 * Public lists (/petitions.json and /petitions.csv): a facet (shared/petitions/facets.ts), read
 * from its index partition, or searched (shared/search) when `q` is given; totals for
 * `links.last` come from the tallies, never from counting items.
 */
import { petitionsById, searchAll, searchPage, WALK_LIMIT } from "../search/index.ts";
import { queryWords, topicTerm } from "../search/text.ts";
import * as z from "../zod.ts";
import { facets, type ListFacet, listFacets } from "./facets.ts";
import { facetTally, queryPage, stateTally, walkPartition } from "./items.ts";
import {
  DEFAULT_COUNT,
  type ListParams,
  listLinks,
  listParams,
  MAX_COUNT,
  MAX_PAGE,
  pageUrl,
  type RawListQuery,
} from "./list-params.ts";
import type { PetitionRecord } from "./model.ts";
import { presentListItem } from "./present.ts";

export { type ListFacet, listFacets };

const searchText = z.pipe(
  z.optional(z.string().check(z.trim(), z.maxLength(255, "Search for at most 255 characters"))),
  z.transform((q) => (q ? q : undefined)),
);

/**
 * How deep a list is paged: DynamoDB has no offset, so page N of a facet reads the N-1 pages
 * before it. Bounding `page x count` bounds what one anonymous request can make the table read
 * (the same depth a search's walk reaches, WALK_LIMIT); the whole facet is in /petitions.csv.
 */
export const LIST_DEPTH = WALK_LIMIT;

/** The deepest page a list of `count` a page reaches. */
export const deepestPage = (count: number) => Math.max(1, Math.floor(LIST_DEPTH / count));

/** A list's query once read (shared/petitions/list-params.ts reads a request's, never refusing). */
export const listQuerySchema = z.object({
  state: z._default(z.enum(listFacets), "all"),
  q: searchText,
  page: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE)), 1),
  count: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_COUNT)), DEFAULT_COUNT),
  topic: z.optional(z.string()),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/**
 * The list route's query as sent: `state`, `page` and `count` are read by listParams (an
 * unknown or out-of-range value is never an error, as on petition.parliament.uk); only a search
 * longer than the search reads is refused.
 */
export const listRequestSchema = z.object({
  state: z
    .optional(z.string())
    .check(
      z.describe(`The facet: ${listFacets.join(", ")}; any other is answered with a redirect to state=all`),
    ),
  q: z.optional(z.string().check(z.maxLength(255, "Search for at most 255 characters"))),
  page: z.optional(z.string()).check(z.describe(`The page, 1 to ${MAX_PAGE}; any other reads as 1`)),
  count: z
    .optional(z.string())
    .check(z.describe(`Petitions a page, 1 to ${MAX_COUNT}; any other reads as ${DEFAULT_COUNT}`)),
  topic: z
    .optional(z.string())
    .check(
      z.describe("A topic's code (see /topics.json): only petitions with that topic; not a code: ignored"),
    ),
});

/** A read request's list: what to read, and the parameters its links carry. */
export function listRequest(raw: RawListQuery): { query: ListQuery; params: ListParams } {
  const params = listParams(raw);
  const q = params.q?.trim().slice(0, 255);
  return {
    query: {
      state: params.state,
      q: q ? q : undefined,
      page: params.page,
      count: params.count,
      topic: params.topic,
    },
    params,
  };
}

export const csvQuerySchema = z.object({
  state: z._default(z.enum(listFacets), "all"),
  q: searchText,
});
export type CsvQuery = z.output<typeof csvQuerySchema>;

/** How many petitions a facet holds, from the tallies. */
export async function facetTotal(facet: ListFacet): Promise<number> {
  const tally = facets[facet].tally;
  if (tally === "facets") return (await facetTally())[facet] ?? 0;
  const states = await stateTally();
  return tally.states.reduce((sum, state) => sum + (states[state] ?? 0), 0);
}

/** One page of a facet, or of a search within it, and how many there are in all. */
export async function readPage(query: ListQuery): Promise<{ items: PetitionRecord[]; total: number }> {
  const start = (query.page - 1) * query.count;
  // Past the listed depth: an empty page, as past the end, reading nothing (the CSV has them all).
  if (query.page > deepestPage(query.count)) return { items: [], total: await facetTotal(query.state) };
  if (query.q !== undefined || query.topic !== undefined) {
    const words = [
      ...(query.q !== undefined ? queryWords(query.q) : []),
      ...(query.topic !== undefined ? [topicTerm(query.topic)] : []),
    ];
    const { ids, total } = await searchPage(words, query.state, start, query.count, () =>
      facetTotal(query.state),
    );
    return { items: await petitionsById(ids), total };
  }
  const total = await facetTotal(query.state);
  // Past the end: nothing to read.
  if (start >= total) return { items: [], total };
  const { index, partition, descending } = facets[query.state];
  return { items: await queryPage(index, partition, query, descending), total };
}

const paramsOf = (query: Omit<ListQuery, "page">, page: number): ListParams => ({
  state: query.state,
  q: query.q,
  page,
  count: query.count,
  countGiven: query.count !== DEFAULT_COUNT,
  topic: query.topic,
});

/** The request a list answers: the address as asked (`links.self`) and its parameters. */
export interface AskedList {
  url: string;
  params: ListParams;
}

export async function listPetitions(query: ListQuery, publicUrl: string, asked?: AskedList) {
  return (await countedList(query, publicUrl, asked)).list;
}

/** The list and how many petitions matched in all (for the list page's "N petitions found"). */
export async function countedList(query: ListQuery, publicUrl: string, asked?: AskedList) {
  const { items, total } = await readPage(query);
  const lastPage = Math.min(Math.max(1, Math.ceil(total / query.count)), deepestPage(query.count));
  const listUrl = `${publicUrl}/petitions.json`;
  const params = asked?.params ?? paramsOf(query, query.page);
  const self = asked?.url ?? pageUrl(listUrl, params, query.page);
  const list = {
    links: listLinks(self, listUrl, params, lastPage),
    data: items.map((p) => presentListItem(p, publicUrl)),
  };
  return { list, total };
}

/**
 * Every petition of a facet (or search), a page at a time, in the facet's order: the CSV's
 * source. Reading page by page bounds memory per read, not the answer's size.
 */
export async function* everyPetition(
  query: CsvQuery,
  pageSize = 500,
  progress: { complete: boolean } = { complete: true },
): AsyncGenerator<PetitionRecord[]> {
  if (query.q !== undefined) {
    // A search walks at most WALK_LIMIT entries of the facet, as the JSON list does.
    const ids = searchAll(queryWords(query.q), query.state, pageSize, { walkLimit: WALK_LIMIT }, progress);
    for await (const page of ids) yield petitionsById(page);
    return;
  }
  const { index, partition, descending } = facets[query.state];
  yield* walkPartition(index, partition, descending, pageSize);
}
