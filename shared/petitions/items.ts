/**
 * Petition items and their indexes.
 *
 * Access patterns:
 * - one petition by id, with its counts:        Query    PETITION#<id>, SK begins_with PETITION
 *                                              (shared/petitions/counts.ts)
 * - next petition id:                          UpdateItem ADD on COUNTER#petition (atomic)
 * - a new parliament's id block:               GetItem, then UpdateItem SET on condition of
 *                                              the value read, COUNTER#petition
 * - petitions in one state, ordered:           Query byState  STATE#<state>
 * - every visible petition by signatures:      Query visible  VISIBLE
 * - one public facet, in its order:            Query newest | responses | outcomes  FACET#<facet>
 *                                              (shared/petitions/facets.ts owns those keys)
 * - how many petitions are in each facet:      GetItem STATS / FACETS (kept by the stream, see
 *                                              shared/search/indexer.ts)
 * - the due and debates lists:                 shared/petitions/due-lists.ts
 * - open petitions, a slice at a time:         Query byState  STATE#open, from a position
 * - how many petitions are in each state:      GetItem STATS / STATES (kept in the same
 *                                              transaction as every state change)
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { counterKey, pad, statePartition } from "../db/keys.ts";
import { partitionQuery, queryFrom, queryPages, type StartKey } from "../db/query.ts";
import type { IndexName } from "../db/table.ts";
import {
  ENDED_STATES,
  IN_MODERATION,
  inState,
  isPublished,
  isVisible,
  NEVER_PUBLISHED,
  type PetitionState,
  REJECTED_STATES,
} from "../domain/petition-state.ts";
import { documentAndCounts, overlayCounts } from "./counts.ts";
import { anonymiseList, closingList, debateList, unpublishedList } from "./due-lists.ts";
import { type FacetFields, facetIndexAttributes } from "./facets.ts";
import type { PetitionRecord } from "./model.ts";

export const statsKey = { PK: "STATS", SK: "STATES" } as const;
export const facetStatsKey = { PK: "STATS", SK: "FACETS" } as const;

/** Published petitions are listed newest-signature-count first; the rest oldest first (queues). */
export function byStateSortKey(
  p: Pick<
    PetitionRecord,
    "id" | "state" | "signature_count" | "created_at" | "moderation_threshold_reached_at" | "rejected_at"
  >,
): string {
  if (isPublished(p.state)) return `${pad(p.signature_count)}#${pad(p.id)}`;
  if (inState(p.state, IN_MODERATION)) {
    return `${p.moderation_threshold_reached_at ?? p.created_at}#${pad(p.id)}`;
  }
  if (inState(p.state, REJECTED_STATES)) return `${p.rejected_at ?? p.created_at}#${pad(p.id)}`;
  return `${p.created_at}#${pad(p.id)}`;
}

/**
 * Ended petitions wait in the due index, by when they ended, until their signers are
 * anonymised; petitions never published (or stopped) wait there by when they were started.
 */
function anonymiseDue(
  p: Pick<
    PetitionRecord,
    "id" | "state" | "created_at" | "closed_at" | "rejected_at" | "updated_at" | "anonymised_at"
  >,
) {
  if (p.anonymised_at) return {};
  if (inState(p.state, NEVER_PUBLISHED)) return unpublishedList.entry(p.created_at, p.id);
  if (!inState(p.state, ENDED_STATES)) return {};
  const ended = p.state === "closed" ? p.closed_at : p.rejected_at;
  return anonymiseList.entry(ended ?? p.updated_at, p.id);
}

/** The index attributes a petition item carries in a given state. */
export function indexAttributes(
  p: Pick<
    PetitionRecord,
    | "id"
    | "state"
    | "signature_count"
    | "created_at"
    | "updated_at"
    | "moderation_threshold_reached_at"
    | "rejected_at"
    | "closes_at"
    | "threshold_candidate"
    | "debate_state"
    | "scheduled_debate_date"
    | "closed_at"
    | "anonymised_at"
  > &
    FacetFields,
) {
  // Archived: in no list (the archive lists it), still due for anonymisation.
  if (p.archived_in) return anonymiseDue(p);
  const visible = isVisible(p.state);
  return {
    byStatePK: statePartition(p.state),
    byStateSK: byStateSortKey(p),
    ...(visible ? { visiblePK: "VISIBLE", visibleSK: `${pad(p.signature_count)}#${pad(p.id)}` } : {}),
    ...(p.state === "open" && p.closes_at ? closingList.entry(p.closes_at, p.id) : {}),
    ...(p.threshold_candidate
      ? { candidatesPK: "THRESHOLD", candidatesSK: `${p.updated_at}#${pad(p.id)}` }
      : {}),
    ...anonymiseDue(p),
    ...(p.debate_state === "scheduled" && p.scheduled_debate_date
      ? debateList.entry(p.scheduled_debate_date, p.id)
      : {}),
    ...facetIndexAttributes(p),
  };
}

/**
 * The petition as every reader sees it: its document, with the counts item's figures over the
 * document's snapshot (shared/petitions/counts.ts). One Query reads both.
 */
export async function getPetition(id: number, consistent = false): Promise<PetitionRecord | null> {
  const { document, counts } = await documentAndCounts(id, consistent);
  return document && overlayCounts(document, counts);
}

export async function nextPetitionId(): Promise<number> {
  return reservePetitionIds(1);
}

/** Takes `count` consecutive petition ids from the counter; returns the first. */
export async function reservePetitionIds(
  count: number,
  client: DynamoDBDocumentClient = db,
  table = tableName(),
): Promise<number> {
  const { Attributes } = await client.send(
    new UpdateCommand({
      TableName: table,
      Key: counterKey("petition"),
      UpdateExpression: "ADD #value :count",
      ExpressionAttributeNames: { "#value": "value" },
      ExpressionAttributeValues: { ":count": count },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  const value = Attributes?.value;
  if (typeof value !== "number") throw new Error("The petition id counter returned no number");
  return value - count + 1;
}

export async function stateTally(): Promise<Partial<Record<PetitionState, number>>> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: statsKey }));
  const tally: Partial<Record<PetitionState, number>> = {};
  for (const [key, value] of Object.entries(Item ?? {})) {
    if (typeof value === "number") tally[key as PetitionState] = Math.max(0, value);
  }
  return tally;
}

/** How many visible petitions each stream-tallied facet holds (shared/search/indexer.ts keeps it). */
export async function facetTally(): Promise<Record<string, number>> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: facetStatsKey }));
  const tally: Record<string, number> = {};
  for (const [key, value] of Object.entries(Item ?? {})) {
    if (typeof value === "number") tally[key] = Math.max(0, value);
  }
  return tally;
}

export interface PageRequest {
  page: number;
  count: number;
}

/**
 * One page of an index partition. Pages are numbered as on petition.parliament.uk, so page N
 * reads past the N-1 pages before it, a few items each and keys only where it can.
 */
export async function queryPage(
  index: IndexName,
  partition: string,
  { page, count }: PageRequest,
  descending: boolean,
): Promise<PetitionRecord[]> {
  let skip = (page - 1) * count;
  let startKey: StartKey | null = null;
  const items: PetitionRecord[] = [];
  do {
    const result = await queryFrom(
      {
        ...partitionQuery(index, partition, descending),
        Limit: skip > 0 ? Math.min(skip, 1000) : count - items.length,
        // Skipped items are read for their position only.
        ...(skip > 0 ? { ProjectionExpression: "PK" } : {}),
      },
      startKey,
    );
    const got = result.items as unknown as PetitionRecord[];
    if (skip > 0) {
      const skipped = Math.min(skip, got.length);
      skip -= skipped;
      items.push(...got.slice(skipped, skipped + (count - items.length)));
    } else {
      items.push(...got);
    }
    startKey = result.next;
  } while (startKey && items.length < count);
  return items.slice(0, count);
}

/** Every item of an index partition in order, a page at a time (CSV export). */
export async function* walkPartition(
  index: IndexName,
  partition: string,
  descending: boolean,
  pageSize = 500,
): AsyncGenerator<PetitionRecord[]> {
  const pages = queryPages({ ...partitionQuery(index, partition, descending), Limit: pageSize });
  for await (const page of pages) yield page as unknown as PetitionRecord[];
}

/**
 * Up to `limit` open petitions after `after` (a position from the answer before), in the state
 * index's order; `next` is null after the last.
 */
export async function openPetitionsAfter(
  after: StartKey | undefined,
  limit: number,
): Promise<{ ids: number[]; next: StartKey | null }> {
  const { items, next } = await queryFrom(
    {
      ...partitionQuery("byState", statePartition("open"), false),
      ProjectionExpression: "id, PK, SK, byStatePK, byStateSK",
      Limit: limit,
    },
    after,
  );
  return { ids: items.map((item) => Number(item.id)), next };
}
