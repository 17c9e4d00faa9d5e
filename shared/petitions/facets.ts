/**
 * The public list facets of /petitions.json, each defined and ordered as e-petitions defines it
 * (`Petition` facets over `Petition.visible`):
 *
 * | facet             | members                                             | order                                   |
 * |-------------------|-----------------------------------------------------|-----------------------------------------|
 * | all               | open, closed, rejected                              | signature_count desc, created_at desc   |
 * | open, closed      | that state                                          | signature_count desc, created_at desc   |
 * | recent            | open                                                | opened_at desc                          |
 * | rejected          | rejected                                            | created_at desc                         |
 * | awaiting_response | response threshold reached, no government response  | response_threshold_reached_at asc, created_at desc |
 * | with_response     | government_response_at set                          | government_response_at desc, created_at desc |
 * | awaiting_debate   | debate_state awaiting or scheduled                  | scheduled_debate_date asc nulls last, debate_threshold_reached_at asc nulls first |
 * | debated           | debate_state debated                                | debate_outcome_at desc (nulls first), created_at desc |
 * | not_debated       | debate_state not_debated                            | as debated                              |
 *
 * Each facet is one partition of an index whose sort key encodes the order, so a page is one
 * Query. The same sort keys order search results (shared/search), so a list and a search agree.
 * Pure: no I/O. Ids are sequential, so "created_at desc" is "id desc".
 */
import { pad, statePartition } from "../db/keys.ts";
import type { IndexName } from "../db/table.ts";
import { type PetitionState, VISIBLE_STATES } from "../domain/petition-state.ts";
import type { PetitionRecord } from "./model.ts";

export const listFacets = [
  "all",
  "open",
  "recent",
  "closed",
  "rejected",
  "awaiting_response",
  "with_response",
  "awaiting_debate",
  "debated",
  "not_debated",
] as const;
export type ListFacet = (typeof listFacets)[number];

/** The fields facet membership and order read from a petition record. */
export type FacetFields = Pick<
  PetitionRecord,
  | "id"
  | "state"
  | "signature_count"
  | "created_at"
  | "opened_at"
  | "response_threshold_reached_at"
  | "government_response_at"
  | "debate_threshold_reached_at"
  | "scheduled_debate_date"
  | "debate_outcome_at"
  | "debate_state"
  | "archived_in"
>;

export interface FacetDefinition {
  index: IndexName;
  partition: string;
  descending: boolean;
  /** Where the facet's total comes from: the transactional state tally, or the facet tally. */
  tally: { states: readonly PetitionState[] } | "facets";
  member(p: FacetFields): boolean;
  sortKey(p: FacetFields): string;
}

const MAX_ID = 999_999_999_999;
const visible = (p: FacetFields) => (VISIBLE_STATES as readonly string[]).includes(p.state);
const byCount = (p: FacetFields) => `${pad(p.signature_count)}#${pad(p.id)}`;
/** In an ascending key, a descending id (newest first among equals). */
const newestFirst = (p: FacetFields) => pad(MAX_ID - p.id);
/** `~` sorts after every timestamp and date: last when ascending, first when descending. */
const NULL_HIGH = "~";

const facet = (
  index: IndexName,
  name: ListFacet,
  descending: boolean,
  member: FacetDefinition["member"],
  sortKey: FacetDefinition["sortKey"],
  tally: FacetDefinition["tally"] = "facets",
): FacetDefinition => ({ index, partition: `FACET#${name}`, descending, member, sortKey, tally });

export const facets: Record<ListFacet, FacetDefinition> = {
  // These three reuse the state and visible indexes that lists already had.
  all: {
    index: "visible",
    partition: "VISIBLE",
    descending: true,
    tally: { states: VISIBLE_STATES },
    member: visible,
    sortKey: byCount,
  },
  open: {
    index: "byState",
    partition: statePartition("open"),
    descending: true,
    tally: { states: ["open"] },
    member: (p) => p.state === "open",
    sortKey: byCount,
  },
  closed: {
    index: "byState",
    partition: statePartition("closed"),
    descending: true,
    tally: { states: ["closed"] },
    member: (p) => p.state === "closed",
    sortKey: byCount,
  },
  recent: facet(
    "newest",
    "recent",
    true,
    (p) => p.state === "open",
    (p) => `${p.opened_at ?? p.created_at}#${pad(p.id)}`,
    { states: ["open"] },
  ),
  rejected: facet(
    "newest",
    "rejected",
    true,
    (p) => p.state === "rejected",
    (p) => `${p.created_at}#${pad(p.id)}`,
    { states: ["rejected"] },
  ),
  awaiting_response: facet(
    "responses",
    "awaiting_response",
    false,
    (p) => visible(p) && !!p.response_threshold_reached_at && !p.government_response_at,
    (p) => `${p.response_threshold_reached_at ?? NULL_HIGH}#${newestFirst(p)}`,
  ),
  with_response: facet(
    "responses",
    "with_response",
    true,
    (p) => visible(p) && !!p.government_response_at,
    (p) => `${p.government_response_at}#${pad(p.id)}`,
  ),
  awaiting_debate: facet(
    "outcomes",
    "awaiting_debate",
    false,
    (p) => visible(p) && (p.debate_state === "awaiting" || p.debate_state === "scheduled"),
    (p) => `${p.scheduled_debate_date ?? NULL_HIGH}#${p.debate_threshold_reached_at ?? ""}#${pad(p.id)}`,
  ),
  debated: facet(
    "outcomes",
    "debated",
    true,
    (p) => visible(p) && p.debate_state === "debated",
    (p) => `${p.debate_outcome_at ?? NULL_HIGH}#${pad(p.id)}`,
  ),
  not_debated: facet(
    "outcomes",
    "not_debated",
    true,
    (p) => visible(p) && p.debate_state === "not_debated",
    (p) => `${p.debate_outcome_at ?? NULL_HIGH}#${pad(p.id)}`,
  ),
};

/** Facets whose totals the facet tally keeps (the rest come from the state tally). */
export const talliedFacets = listFacets.filter((name) => facets[name].tally === "facets");

/** The facets a petition is listed under, with its sort key in each. */
export function facetKeys(p: FacetFields): Partial<Record<ListFacet, string>> {
  const keys: Partial<Record<ListFacet, string>> = {};
  // An archived petition is listed by the archive only.
  if (p.archived_in) return keys;
  for (const name of listFacets) {
    const definition = facets[name];
    if (definition.member(p)) keys[name] = definition.sortKey(p);
  }
  return keys;
}

/**
 * The index attributes of the facets with indexes of their own (newest, responses, outcomes):
 * at most one facet per index, by construction of the facets above.
 */
export function facetIndexAttributes(p: FacetFields): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, key] of Object.entries(facetKeys(p)) as [ListFacet, string][]) {
    const { index, partition } = facets[name];
    if (index === "visible" || index === "byState") continue;
    attributes[`${index}PK`] = partition;
    attributes[`${index}SK`] = key;
  }
  return attributes;
}

/** Orders two sort keys as the facet lists them. */
export function compareInFacet(facetName: ListFacet, a: string, b: string): number {
  const order = a < b ? -1 : a > b ? 1 : 0;
  return facets[facetName].descending ? -order : order;
}
