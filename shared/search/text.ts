/**
 * Words for search, the same on both sides: petition text when it is indexed and the query when
 * it is asked. Case- and accent-insensitive (NFKD, marks dropped, lower case), common English
 * words dropped (as PostgreSQL's english configuration, which e-petitions' search uses, drops
 * them), and plurals folded (`libraries` finds `library`). Pure.
 */
const STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below " +
    "between both but by can could did do does doing down during each few for from further had has have " +
    "having he her here hers herself him himself his how i if in into is it its itself just me more most " +
    "my myself no nor not now of off on once only or other our ours ourselves out over own same she should " +
    "so some such than that the their theirs them themselves then there these they this those through to " +
    "too under until up very was we were what when where which while who whom why will with would you " +
    "your yours yourself yourselves"
  ).split(" "),
);

/** The longest word kept: longer ones are cut, on both sides alike. */
const MAX_WORD = 40;

/** A light plural folding: enough for `petitions`/`petition`, `libraries`/`library`. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) {
    return word.slice(0, -1);
  }
  return word;
}

/** Every distinct searchable word of a text, in first-seen order. */
export function words(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  const seen = new Set<string>();
  for (const raw of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    seen.add(stem(raw.slice(0, MAX_WORD)));
  }
  return [...seen];
}

/** The words a petition is found by: its action, background and additional details. */
export function petitionWords(p: {
  action: string;
  background: string;
  additional_details: string | null | undefined;
}): string[] {
  return words([p.action, p.background, p.additional_details ?? ""].join(" "));
}

/**
 * The term a petition's topic is posted under in the search index: a colon never survives
 * `words`, so no typed search can reach it, and a topic filter is one more posting to intersect.
 */
export const topicTerm = (code: string) => `topic:${code}`;

/** The most words a query is searched by: every word is one more index read. */
export const MAX_QUERY_WORDS = 8;

/** A query's words; at most `limit`, since every word is one more index read. */
export function queryWords(q: string, limit = MAX_QUERY_WORDS): string[] {
  return words(q).slice(0, limit);
}
