/**
 * The dissolution run (e-petitions' ClosePetitionsEarlyJob and StopPetitionsEarlyJob): once the
 * current parliament's dissolution time has passed, every open petition closes at that time and
 * every undecided one stops, its creator emailed in the same transaction (if it was gathering
 * supporters or awaiting moderation and started after the notification cut-off); then its closed and
 * rejected petitions are archived, and the parliament is recorded as dissolved and the next opens.
 *
 * Resumable: each petition moves by its own conditional transition, so a run cut short is taken
 * up by the next, which finds only what is left in those states; the parliament is recorded as
 * dissolved last, once none is left.
 *
 * Cost: per petition, one Query item read (a page of ids from its state's partition), one
 * consistent GetItem and one transaction (the petition, its state tally and, for a stopped one,
 * the creator's email: 2 or 3 writes); a stopped petition also reads its creator's signature.
 * Archiving: per closed or rejected petition, one index item, one GetItem and two Puts (shared/
 * petitions/archive.ts). Then one Update and one Put for the parliaments. A run with nothing due
 * reads one item.
 */

import { statePartition } from "../db/keys.ts";
import { partitionQuery, queryPages } from "../db/query.ts";
import {
  dissolutionEventFor,
  emailsCreatorWhenStopped,
  firstIdOfNextBlock,
  isDissolving,
} from "../domain/dissolution.ts";
import { type PetitionState, UNDECIDED } from "../domain/petition-state.ts";
import { StateConflictError } from "../errors.ts";
import { getCreator } from "../signatures/store.ts";
import { archiveVisible } from "./archive.ts";
import { startIdBlock } from "./id-blocks.ts";
import { getPetition } from "./items.ts";
import { currentParliament, periodOf, recordDissolved } from "./parliament.ts";
import { transition } from "./store.ts";

export interface DissolutionRun {
  parliament: number;
  closed: number[];
  stopped: number[];
  /** Closed and rejected petitions archived under this parliament (shared/petitions/archive.ts). */
  archived: number;
  dissolved: boolean;
}

/** The ids in one state, a page at a time, in the state index's order. */
async function* idsIn(state: PetitionState): AsyncGenerator<number[]> {
  const pages = queryPages({
    ...partitionQuery("byState", statePartition(state), false),
    ProjectionExpression: "id",
    Limit: 100,
  });
  for await (const page of pages) yield page.map((item) => Number(item.id));
}

/** Moves one petition as dissolution does; false when another change got there first. */
async function dissolveOne(
  id: number,
  dissolutionAt: string,
  cutoff: string | null | undefined,
  now: Date,
): Promise<"close" | "stop" | null> {
  const before = await getPetition(id, true);
  const event = before ? dissolutionEventFor(before.state) : null;
  if (!before || !event) return null;
  const creator =
    event === "stop" && emailsCreatorWhenStopped(before, cutoff) ? await getCreator(before) : null;
  try {
    await transition(id, event, now, (current) =>
      event === "close"
        ? { set: { closed_at: dissolutionAt } }
        : {
            set: { stopped_at: now.toISOString() },
            mail: creator
              ? [
                  {
                    template: "petition_stopped",
                    to: creator.email,
                    data: { petition_id: current.id, action: current.action, name: creator.name },
                    petitionId: current.id,
                  },
                ]
              : [],
          },
    );
    return event;
  } catch (error) {
    // Moved meanwhile (closed by its own date, rejected by a moderator): nothing left to do.
    if (error instanceof StateConflictError) return null;
    throw error;
  }
}

/** Runs the dissolution if its time has come and it has not run; null otherwise. */
export async function dissolveIfDue(
  now: Date,
  thresholds: { response: number; debate: number },
): Promise<DissolutionRun | null> {
  const parliament = await currentParliament(true);
  const dissolutionAt = parliament.dissolution_at;
  if (parliament.dissolved_at || !dissolutionAt || !isDissolving(dissolutionAt, now)) return null;
  const run: DissolutionRun = {
    parliament: parliament.number,
    closed: [],
    stopped: [],
    archived: 0,
    dissolved: false,
  };
  for (const state of ["open", ...UNDECIDED] as const) {
    for await (const ids of idsIn(state)) {
      for (const id of ids) {
        const done = await dissolveOne(id, dissolutionAt, parliament.notification_cutoff_at, now);
        if (done === "close") run.closed.push(id);
        if (done === "stop") run.stopped.push(id);
      }
    }
  }
  run.archived = await archiveVisible(
    {
      number: parliament.number,
      period: periodOf(parliament),
      government: parliament.government ?? null,
      dissolution_at: dissolutionAt,
      response_threshold: thresholds.response,
      debate_threshold: thresholds.debate,
    },
    now,
  );
  // The next parliament's petitions take ids from a new block (resumable: asked again before
  // any new petition, the block is the same).
  const ids = await startIdBlock(firstIdOfNextBlock);
  run.dissolved = await recordDissolved(parliament, thresholds, ids, now);
  return run;
}
