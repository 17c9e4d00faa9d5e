/**
 * Staff search across every state (e-petitions' admin search): a number is a petition id and
 * finds that petition, whatever its state; words find petitions whose action, background or
 * additional details hold every word.
 *
 * Access patterns, each bounded:
 * - an id:                          GetItem PETITION#<id>
 * - published and rejected:         the public search index's postings (shared/search/index.ts),
 *                                   then BatchGet of the newest STAFF_SEARCH_LIMIT matches
 * - never published (pending to dormant, stopped): Query due UNPUBLISHED, newest first, at most
 *                                   UNPUBLISHED_READ items, projected, matched in memory
 * - hidden:                         Query byState STATE#hidden, newest first, at most HIDDEN_READ items
 * Anonymised unpublished petitions leave the due index, so words no longer find them; their id does.
 */

import { statePartition } from "../db/keys.ts";
import { partitionQuery, queryAll } from "../db/query.ts";
import { unpublishedList } from "../petitions/due-lists.ts";
import { getPetition } from "../petitions/items.ts";
import type { PetitionRecord } from "../petitions/model.ts";
import { matching, petitionsById } from "./index.ts";
import { petitionWords, queryWords } from "./text.ts";

/** The most petitions one staff search answers with. */
export const STAFF_SEARCH_LIMIT = 50;
/** Never-published petitions read, newest first: the moderation backlog is far smaller. */
export const UNPUBLISHED_READ = 1000;
/** Hidden petitions read, newest first. */
export const HIDDEN_READ = 500;

export type StaffQuery = { kind: "id"; id: number } | { kind: "words"; words: string[] };

/** A query of digits (an optional leading #) is an id; anything else is words. Pure. */
export function staffQuery(q: string): StaffQuery {
  const trimmed = q.trim();
  const id = /^#?(\d{1,9})$/.exec(trimmed)?.[1];
  if (id) return { kind: "id", id: Number(id) };
  return { kind: "words", words: queryWords(trimmed) };
}

/** Whether a petition's texts hold every one of the query's words. Pure. */
export function holdsEvery(
  words: readonly string[],
  p: Pick<PetitionRecord, "action" | "background" | "additional_details">,
): boolean {
  if (words.length === 0) return false;
  const own = new Set(petitionWords(p));
  return words.every((w) => own.has(w));
}

const TEXT_FIELDS = {
  ProjectionExpression: "#id, #action, background, additional_details, #state, created_at",
  names: { "#id": "id", "#action": "action", "#state": "state" },
};

async function unpublishedMatches(
  index: "due" | "byState",
  partition: string,
  limit: number,
  words: readonly string[],
): Promise<number[]> {
  const query = partitionQuery(index, partition, true);
  const items = await queryAll(
    {
      ...query,
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, ...TEXT_FIELDS.names },
      ProjectionExpression: TEXT_FIELDS.ProjectionExpression,
      Limit: Math.min(limit, 1000),
    },
    limit,
  );
  return (items as unknown as PetitionRecord[]).filter((p) => holdsEvery(words, p)).map((p) => Number(p.id));
}

export interface StaffSearchResult {
  /** The petition a query naming an id jumps to, when it exists. */
  jump: number | null;
  petitions: PetitionRecord[];
}

export async function staffSearch(q: string): Promise<StaffSearchResult> {
  const query = staffQuery(q);
  if (query.kind === "id") {
    const petition = await getPetition(query.id);
    return { jump: petition ? petition.id : null, petitions: petition ? [petition] : [] };
  }
  if (query.words.length === 0) return { jump: null, petitions: [] };
  const [visible, unpublished, hidden] = await Promise.all([
    matching(query.words),
    unpublishedMatches("due", unpublishedList.partition, UNPUBLISHED_READ, query.words),
    unpublishedMatches("byState", statePartition("hidden"), HIDDEN_READ, query.words),
  ]);
  // Ids are sequential: the highest are the newest.
  const ids = [...new Set([...visible, ...unpublished, ...hidden])]
    .sort((a, b) => b - a)
    .slice(0, STAFF_SEARCH_LIMIT);
  return { jump: null, petitions: await petitionsById(ids) };
}
