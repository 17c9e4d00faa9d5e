/**
 * A public list's parameters and paging links, read and built as petition.parliament.uk does
 * (e-petitions' Browseable::Search and app/views/petitions/index.json.jbuilder):
 *
 * - `page` is 1 to 99999 written as digits without a leading zero; anything else is page 1.
 * - `count` is 1 to 59 written the same way, at most 50; anything else is the default, 25.
 * - `state` must name a facet; any other value sends the reader to the same list with
 *   `state=all` (its `q` and `page` kept), and an absent or blank one is `all`.
 * - `topic` is a topic's code (lower case, trimmed); one that is not a code is ignored, and a code
 *   no topic has lists nothing (e-petitions' Topics.topics).
 * - None of these is an error: a list always answers.
 * - `links.self` is the address as requested; `first`, `last`, `next` and `prev` carry `q` (when
 *   not blank), `state` (unless `all`), `count` (its sanitised value, only when the request named
 *   `count`) and `page` (only above 1), in alphabetical order as Rails' `to_query` writes them.
 *   `next` is null on the last page, `prev` null on the first; both stay within 1..last.
 */
import { type ListFacet, listFacets } from "./facets.ts";

export const DEFAULT_COUNT = 25;
export const MAX_COUNT = 50;
export const MAX_PAGE = 99_999;

const VALID_PAGE = /^[1-9][0-9]{0,4}$/;
const VALID_COUNT = /^(?:[1-9]|[1-5][0-9])$/;

/** A list request's raw query, as API Gateway hands it over (repeated names joined by commas). */
export type RawListQuery = Readonly<Record<string, string | undefined>>;

export interface ListParams {
  state: ListFacet;
  /** The search words, when not blank (as given, untrimmed, for the links). */
  q: string | undefined;
  page: number;
  count: number;
  /** Did the request name `count`? Only then do the links carry it. */
  countGiven: boolean;
  /** The topic code the list is filtered by. */
  topic?: string | undefined;
}

const TOPIC_CODE = /^[a-z][-a-z0-9]{0,99}$/;

/** A request's topic code, or undefined when it names none (e-petitions' normalize_topic_codes). */
export function topicParam(raw: string | undefined): string | undefined {
  const code = raw?.trim().toLowerCase();
  return code && TOPIC_CODE.test(code) ? code : undefined;
}

const isBlank = (value: string | undefined): value is undefined => value === undefined || value.trim() === "";

export const isListFacet = (value: string): value is ListFacet =>
  (listFacets as readonly string[]).includes(value);

/** The list a query asks for, never refused. */
export function listParams(raw: RawListQuery): ListParams {
  const page = raw.page !== undefined && VALID_PAGE.test(raw.page) ? Number(raw.page) : 1;
  const count =
    raw.count !== undefined && VALID_COUNT.test(raw.count)
      ? Math.min(Number(raw.count), MAX_COUNT)
      : DEFAULT_COUNT;
  const state = raw.state !== undefined && isListFacet(raw.state) ? raw.state : "all";
  return {
    state,
    q: isBlank(raw.q) ? undefined : raw.q,
    page,
    count,
    countGiven: raw.count !== undefined,
    topic: topicParam(raw.topic),
  };
}

/**
 * Where a request naming an unknown facet is sent (null when its facet is known or absent):
 * the same list with `state=all`, keeping `page` and `q` (not `count`), as e-petitions redirects.
 */
export function unknownStateRedirect(listUrl: string, raw: RawListQuery): string | null {
  if (isBlank(raw.state) || isListFacet(raw.state)) return null;
  return withQuery(listUrl, { page: isBlank(raw.page) ? undefined : raw.page, q: raw.q, state: "all" });
}

export interface ListLinks {
  self: string;
  first: string;
  last: string;
  next: string | null;
  prev: string | null;
}

/**
 * The paging links of one list answer. `requestUrl` is the address as requested (`self`);
 * `listUrl` the list's address without a query; `lastPage` the last page there is (at least 1).
 */
export function listLinks(
  requestUrl: string,
  listUrl: string,
  params: ListParams,
  lastPage: number,
): ListLinks {
  const last = Math.max(1, lastPage);
  const at = (page: number) => pageUrl(listUrl, params, Math.min(Math.max(page, 1), last));
  return {
    self: requestUrl,
    first: at(1),
    last: at(last),
    next: params.page >= last ? null : at(params.page + 1),
    prev: params.page <= 1 ? null : at(params.page - 1),
  };
}

/** One page of a list, with the parameters its links carry. */
export function pageUrl(listUrl: string, params: ListParams, page: number): string {
  return withQuery(listUrl, {
    count: params.countGiven ? String(params.count) : undefined,
    page: page > 1 ? String(page) : undefined,
    q: params.q,
    state: params.state === "all" ? undefined : params.state,
    topic: params.topic,
  });
}

/**
 * `url?a=1&b=2` with the defined, non-blank values in alphabetical order of name, encoded as
 * Ruby's CGI.escape does (space as `+`; letters, digits and `-._~` kept, `*` escaped).
 */
export function withQuery(url: string, values: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const name of Object.keys(values).sort()) {
    const value = values[name];
    if (!isBlank(value)) search.append(name, value);
  }
  const query = search.toString().replaceAll("%7E", "~").replaceAll("*", "%2A");
  return query ? `${url}?${query}` : url;
}
