/**
 * What one anonymous request can make DynamoDB read, at worst, per public route: stated in the
 * route's OpenAPI description and the README, and held by test/integration/read-bounds.test.ts
 * for the lists, searches and the CSV. Counted in items (a Query counts every item it reads, a
 * BatchGet every key, a GetItem one).
 *
 * A search reads each of its words' postings: one item per 4,096 petition ids holding the word
 * (CHUNK_SIZE), so at most `MAX_QUERY_WORDS x postingChunks(highest id)` items; at
 * PLANNED_PETITIONS that is 8 x 25 = 200.
 */
import { CSV_INTERVAL_SECONDS, MAX_CSV_PARTS } from "../petitions/csv-cache.ts";
import { LIST_DEPTH } from "../petitions/listing.ts";
import { LOCAL_LIMIT } from "../petitions/local.ts";
import { CHUNK_SIZE, RANK_LIMIT, WALK_LIMIT } from "../search/index.ts";
import { CANDIDATES, RELATED_ON_PAGE, SIMILAR_AT_START } from "../search/similar.ts";
import { MAX_QUERY_WORDS } from "../search/text.ts";
import type { RouteKey } from "./contract.ts";

/** The petition count the figures below are given for (the capacity model's order of size). */
export const PLANNED_PETITIONS = 100_000;

/** Posting items per word: one per 4,096 petition ids (ids are sequential from 1). */
export const postingChunks = (petitions = PLANNED_PETITIONS) => Math.ceil((petitions + 1) / CHUNK_SIZE);

/** A search's postings, at most: every word's chunks. */
export const searchPostings = (chunksPerWord = postingChunks()) => MAX_QUERY_WORDS * chunksPerWord;

/** One facet tally item (the state tally or the facet tally) for a list's total. */
const TALLY = 2;

/** Worst-case items read by one request to /petitions.json (any page, count, facet or search). */
export const listReads = (chunksPerWord = postingChunks()) =>
  TALLY +
  Math.max(
    LIST_DEPTH,
    // A `topic` is one more term's postings.
    searchPostings(chunksPerWord) + chunksPerWord + Math.max(2 * RANK_LIMIT, WALK_LIMIT) + 50,
  );

/** Worst-case items read by a /petitions.csv answered from the cache (every request but one a minute). */
export const CSV_CACHED_READS = 1 + MAX_CSV_PARTS;

/** Worst-case items read by the one build a minute of a searched CSV: postings, walk, rows. */
export const csvSearchBuildReads = (chunksPerWord = postingChunks()) =>
  searchPostings(chunksPerWord) + Math.max(2 * RANK_LIMIT, 2 * WALK_LIMIT);

const n = (value: number) => value.toLocaleString("en-GB");

/** Worst-case items read finding `limit` open petitions like a text (shared/search/similar.ts). */
export const similarReads = (limit: number, chunksPerWord = postingChunks()) =>
  searchPostings(chunksPerWord) + CANDIDATES + limit;

const similar = (limit: number) =>
  `at most ${n(similarReads(limit))} items at ${n(PLANNED_PETITIONS)} petitions (the words' postings, at most ${CANDIDATES} listing items and ${limit} petitions, projected)`;

const CREATE =
  "the block list (a few hundred items at most, cached by the function); the id counter and rate counters are updated, not read.";
const WRITE =
  "1 petition, the signer's signature slots on it (one partition: a few items) and the block list (a few hundred items at most, cached by the function); rate counters are updated, not read.";

const LOCAL = `at most ${2 * LOCAL_LIMIT} items: the constituency's top ${LOCAL_LIMIT} entries (one Query) and their ${LOCAL_LIMIT} petitions (projected).`;
const LOCAL_ALL = `at most ${3 * LOCAL_LIMIT} items: the top ${LOCAL_LIMIT} open and top ${LOCAL_LIMIT} closed entries (two Queries) and the ${LOCAL_LIMIT} petitions kept (projected).`;

export const READ_BOUNDS: Partial<Record<RouteKey, string>> = {
  "GET /petitions.json": `at most ${n(listReads())} items at ${n(PLANNED_PETITIONS)} petitions: a facet's tally plus at most ${n(LIST_DEPTH)} index entries (pages are served to that depth; a deeper page is empty and reads only the tally), or for \`q\` and \`topic\` the terms' postings (at most ${MAX_QUERY_WORDS} words and the topic, one item per ${n(CHUNK_SIZE)} petition ids each), then at most ${n(RANK_LIMIT)} listing items or a walk of at most ${n(WALK_LIMIT)} index entries, and the page's petitions.`,
  "GET /petitions.csv": `at most ${CSV_CACHED_READS} items (the minute's cached copy: a head and at most ${MAX_CSV_PARTS} parts). Once a minute (${CSV_INTERVAL_SECONDS} s) per facet and search, one request builds it: the whole facet (up to the 5.5 MB answer), or for \`q\` at most ${n(csvSearchBuildReads())} items (postings, at most ${n(WALK_LIMIT)} index entries walked and their petitions).`,
  "GET /petitions/{id}": `1 item (the petition; a petition not yet published is only that, then redirected); its HTML page adds at most one Query of the petition's hourly counts (at most 24 x 400 items) and the related open petitions: ${similar(RELATED_ON_PAGE)}.`,
  "GET /petitions/{id}/gathering-support": "1 item (the petition).",
  "GET /petitions/{id}/moderation-info": "1 item (the petition).",
  "GET /petitions/{id}/count.json": "1 item (the petition).",
  "GET /trending.json":
    "at most 240 items: the top 30 of this hour and of the last, their 120 hourly counts and 60 petitions (small projections).",
  "GET /petitions/{id}/signatures-over-time.json":
    "1 item and the petition's hourly counts: at most one per hour it was open (8,784 at the 12-month longest duration).",
  "GET /openapi.json": "none.",
  "GET /constituencies.json": "none (the data files).",
  "GET /petitions/local": "none (the data files).",
  "GET /petitions/local/{slug}": LOCAL,
  "GET /petitions/local/{slug}/{view}": LOCAL_ALL,
  "POST /petitions": CREATE,
  "POST /petitions/{id}/sponsors": WRITE,
  "POST /petitions/{id}/signatures": WRITE,
  "GET /signatures/{id}/verify": "1 signature and 1 petition (twice on confirmation, strongly consistent).",
  "GET /signatures/{id}/unsubscribe": "1 signature.",
  "POST /signatures/{id}/unsubscribe": "1 signature.",
  // Pages
  "GET /": `as /petitions.json?state=open&count=5 and /trending.json together: at most ${n(TALLY + 5 + 240)} items.`,
  "GET /petitions": "as /petitions.json with the same query, and the topics (one Query, a few dozen items).",
  "GET /help": "none.",
  "GET /help/{page}": "none.",
  "GET /petitions/{id}/signatures/new": "1 item (the petition).",
  "POST /petitions/{id}/signatures/new": `as POST /petitions/{id}/signatures: ${WRITE}`,
  "GET /petitions/{id}/sponsors/new": "1 item (the petition).",
  "POST /petitions/{id}/sponsors/new": `as POST /petitions/{id}/sponsors: ${WRITE}`,
  "GET /petitions/new": "none.",
  // Topics and feedback
  "GET /topics.json": "the topics: one Query of their one partition (a few dozen items).",
  "GET /archived/petitions.json":
    "a page: up to 5 Queries of 1,000 list entries (keys and the action) while `q` finds too few, then one BatchGetItem of at most 50 archived petitions.",
  "GET /archived/petitions/{id}": "one GetItem (the archived petition).",
  "GET /archived/petitions": "as /archived/petitions.json with the same query, count 50.",
  "GET /parliaments.json":
    "the parliaments: one Query of their one partition (one small item per parliament).",
  "GET /feedback": "none.",
  "GET /feedback/thanks": "none.",
  "POST /feedback":
    "none: the address's rate counter is updated, not read; the feedback and its email are written.",
  "POST /petitions/new": `on the similar-petitions step, ${similar(SIMILAR_AT_START)}; as POST /petitions on the last step: ${CREATE}`,
};
