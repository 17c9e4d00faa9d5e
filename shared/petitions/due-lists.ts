/**
 * The petition lists of the sparse `due` and `debates` indexes, each defined once (partition,
 * sort key, Query) and used both by the petition item's index attributes
 * (shared/petitions/items.ts) and by the jobs that read the list.
 *
 * Access patterns:
 * - open petitions due to close:          Query due      CLOSE, closes_at#<id> < now
 * - ended petitions due for anonymising:  Query due      ANONYMISE, ended#<id> < now - retention
 * - never published, by start:            Query due      UNPUBLISHED, created_at#<id> < cutoff
 * - debates scheduled before a day:       Query debates  DEBATE, date#<id> < day
 */
import { queryFrom, queryPages } from "../db/query.ts";
import { sparseList } from "../db/sparse-list.ts";
import type { PetitionState } from "../domain/petition-state.ts";
import type { PetitionRecord } from "./model.ts";

/** Open petitions with a closing time, by that time. */
export const closingList = sparseList("due", "CLOSE");
/** Closed or rejected petitions not yet anonymised, by when they ended. */
export const anonymiseList = sparseList("due", "ANONYMISE");
/** Petitions never published (or stopped) not yet anonymised, by when they were started. */
export const unpublishedList = sparseList("due", "UNPUBLISHED");
/** Petitions with a debate scheduled, by its date (YYYY-MM-DD). */
export const debateList = sparseList("debates", "DEBATE");

/** Open petitions whose closing time is before `now`, a page at a time (ids and closing times). */
export function dueToClose(now: Date): AsyncGenerator<Pick<PetitionRecord, "id" | "closes_at">[]> {
  return queryPages(
    closingList.before(now.toISOString(), { ProjectionExpression: "id, closes_at", Limit: 100 }),
  ) as AsyncGenerator<Pick<PetitionRecord, "id" | "closes_at">[]>;
}

/** Petitions with a debate scheduled before `day` (YYYY-MM-DD), a page of ids at a time. */
export async function* debatesScheduledBefore(day: string): AsyncGenerator<number[]> {
  for await (const page of queryPages(debateList.before(day, { ProjectionExpression: "id" }))) {
    yield page.map((item) => Number(item.id));
  }
}

/** The first 50 petitions of a retention list placed before `cutoff`, with their states. */
export async function dueIn(
  list: typeof anonymiseList,
  cutoff: Date,
): Promise<{ id: number; state: PetitionState }[]> {
  const { items } = await queryFrom(
    list.before(cutoff.toISOString(), {
      ProjectionExpression: "id, #state",
      ExpressionAttributeNames: { "#state": "state" },
      Limit: 50,
    }),
  );
  return items.map((item) => ({ id: Number(item.id), state: item.state as PetitionState }));
}
