/**
 * What dissolution does to a petition, and how the one announcement a person gets lists their
 * petitions (e-petitions §1.6: ClosePetitionsEarlyJob, StopPetitionsEarlyJob and
 * NotifyPetitionsThatParliamentIsDissolvingJob).
 */
import { inState, type PetitionEvent, UNDECIDED } from "./petition-state.ts";

/**
 * The event dissolution moves a petition through: an open petition closes early; one never
 * published and not yet decided on (gathering supporters, being checked, flagged, dormant)
 * stops; every other state is left as it is.
 */
export function dissolutionEventFor(state: string): Extract<PetitionEvent, "close" | "stop"> | null {
  if (state === "open") return "close";
  if (inState(state, UNDECIDED)) return "stop";
  return null;
}

/**
 * Whether stopping a petition emails its creator (e-petitions' StopPetitionsEarlyJob): only one
 * that had a confirmed creator and was gathering supporters or awaiting moderation, and only if it
 * was started at or after the notification cut-off (creators before it heard with the
 * announcement); without a cut-off, every such creator.
 */
export function emailsCreatorWhenStopped(
  petition: { state: string; created_at: string },
  cutoff: string | null | undefined,
): boolean {
  if (petition.state !== "validated" && petition.state !== "sponsored") return false;
  return !cutoff || Date.parse(petition.created_at) >= Date.parse(cutoff);
}

/** How many petitions one announcement names before saying how many more. */
export const ANNOUNCEMENT_LISTED = 5;

/**
 * The petitions one announcement names, the first five in the order given, and how many it
 * leaves unnamed, of `total` (all of them when not said: a caller may read only the first five).
 */
export function announcementList<T>(petitions: readonly T[], total = petitions.length) {
  const listed = petitions.slice(0, ANNOUNCEMENT_LISTED);
  return { listed, more: Math.max(0, Math.max(total, petitions.length) - listed.length) };
}

/** Whether the dissolution time has come (no time set: never). */
export const isDissolving = (dissolutionAt: string | null | undefined, now: Date): boolean =>
  typeof dissolutionAt === "string" && Date.parse(dissolutionAt) <= now.getTime();

/** Each parliament's petitions take ids from a block of this size (e-petitions restarts its sequence at 100000, 200000, ...). */
export const PARLIAMENT_ID_BLOCK = 100_000;

/**
 * The first id of the next parliament's block: the smallest multiple of the block above every
 * id given so far. Asking again before any new petition gives the same block.
 */
export function firstIdOfNextBlock(lastId: number, block = PARLIAMENT_ID_BLOCK): number {
  return (Math.floor(Math.max(0, lastId) / block) + 1) * block;
}

interface Sitting {
  number: number;
  opening_at: string | null;
  dissolution_at: string | null;
  registration_closed_at?: string | null;
}

/**
 * Whether starting a petition is closed (e-petitions' "registration closed"): from
 * `registration_closed_at` (or the dissolution) until the next parliament opens; a parliament
 * after the first opens at its `opening_at`, which sysadmins set after the election.
 */
export function registrationClosed(p: Sitting, now: Date): boolean {
  const passed = (at: string | null | undefined) => !!at && Date.parse(at) <= now.getTime();
  if (passed(p.registration_closed_at) || passed(p.dissolution_at)) return true;
  return awaitingOpening(p, now);
}

/** A parliament after a dissolution that has not opened yet: the site shows the dissolved notice. */
export function awaitingOpening(p: Pick<Sitting, "number" | "opening_at">, now: Date): boolean {
  return p.number > 1 && (!p.opening_at || Date.parse(p.opening_at) > now.getTime());
}
