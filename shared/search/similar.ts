/**
 * Open petitions close in words to a text: the ones a petition's page suggests ("You may be
 * interested in these active petitions") and the ones the start flow shows before a petition is
 * written, as e-petitions' check step shows `Petition.current.duplicates(action)` (open
 * petitions; e-petitions ranks them by embeddings, this by shared words in the search index).
 *
 * Ranking: petitions sharing more of the text's words first, rarer words counting for more among
 * equals. At least two shared words (one for a one-word text), so one common word ("ban") is not
 * a likeness.
 *
 * Reads, bounded whatever the text: the text's first MAX_QUERY_WORDS words' postings (a Query
 * each, one item per 4,096 petition ids), at most CANDIDATES listing items (one BatchGet, to keep
 * the open ones) and at most `limit` petitions (one BatchGet). At 100,000 petitions: 8 x 25 + 25
 * + 5 = 230 items at most.
 */
import { batchGet } from "../db/batch.ts";
import { petitionKey } from "../db/keys.ts";
import type { PetitionRecord } from "../petitions/model.ts";
import { listingKey, matching } from "./index.ts";
import { queryWords } from "./text.ts";

/** Open petitions listed under a petition's page (e-petitions' `duplicates` default, 3). */
export const RELATED_ON_PAGE = 3;
/** Open petitions the start flow's check step shows (e-petitions' `duplicates(action, limit: 5)`). */
export const SIMILAR_AT_START = 5;

/** The most best-scoring matches whose state is looked at. */
export const CANDIDATES = 25;

export interface Scored {
  id: number;
  shared: number;
  rarity: number;
}

/**
 * The ids holding enough of the words, best first, at most `limit`, never `exclude`. `postings`
 * holds each word's ids, in the text's word order. Pure.
 */
export function rankSimilar(
  postings: readonly ReadonlySet<number>[],
  exclude: number | null,
  limit = CANDIDATES,
): number[] {
  const scores = new Map<number, Scored>();
  for (const ids of postings) {
    const weight = 1 / Math.max(1, ids.size);
    for (const id of ids) {
      if (id === exclude) continue;
      const s = scores.get(id) ?? { id, shared: 0, rarity: 0 };
      s.shared += 1;
      s.rarity += weight;
      scores.set(id, s);
    }
  }
  const least = Math.min(2, postings.length);
  return [...scores.values()]
    .filter((s) => s.shared >= least)
    .sort((a, b) => b.shared - a.shared || b.rarity - a.rarity || b.id - a.id)
    .slice(0, limit)
    .map((s) => s.id);
}

/** What a suggestion shows: its text and count, never its breakdowns. */
export type SimilarPetition = Pick<
  PetitionRecord,
  "id" | "action" | "background" | "signature_count" | "state"
>;

/** Up to `limit` open petitions close to `text`, never the petition `exclude`. */
export async function similarOpenPetitions(
  text: string,
  options: { exclude?: number; limit: number },
): Promise<SimilarPetition[]> {
  const words = queryWords(text);
  if (words.length === 0) return [];
  const postings = await Promise.all(words.map((word) => matching([word])));
  const candidates = rankSimilar(postings, options.exclude ?? null);
  if (candidates.length === 0) return [];
  // The listing's `open` facet key says a petition is open, in a ~0.3 KB item.
  const listings = await batchGet(candidates.map(listingKey), {
    projection: { expression: "id, #keys.#open", names: { "#keys": "keys", "#open": "open" } },
  });
  const open = new Set(
    listings
      .filter((item) => typeof (item.keys as Record<string, unknown> | undefined)?.open === "string")
      .map((item) => Number(item.id)),
  );
  const chosen = candidates.filter((id) => open.has(id)).slice(0, options.limit);
  if (chosen.length === 0) return [];
  const items = await batchGet(chosen.map(petitionKey), {
    projection: {
      expression: "id, #action, background, signature_count, #state",
      names: { "#action": "action", "#state": "state" },
    },
  });
  const byId = new Map(items.map((item) => [Number(item.id), item as unknown as SimilarPetition]));
  // The index follows the table through its stream: the petition itself has the last word.
  return chosen
    .map((id) => byId.get(id))
    .filter((p): p is SimilarPetition => p !== undefined && p.state === "open");
}
