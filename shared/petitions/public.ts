/**
 * The one guard of every public read of a petition (its JSON, its count and series, its page and
 * its signing form): a petition taken down after it was published is 410 Gone; one that does
 * not exist, or that the public cannot see, is 404.
 */

import { type PetitionState, VISIBLE_STATES } from "../domain/petition-state.ts";
import { GoneError, NotFoundError } from "../errors.ts";
import { getPetition } from "./items.ts";
import type { PetitionRecord } from "./model.ts";

/** A petition the public may read, in one of `states` (the visible ones unless named). */
export async function publicPetition(
  id: number,
  states: readonly PetitionState[] = VISIBLE_STATES,
): Promise<PetitionRecord> {
  return publicOrThrow(await getPetition(id), states);
}

/** The same guard over a document already read (the signing path's cached one). */
export function publicOrThrow(
  petition: PetitionRecord | null,
  states: readonly PetitionState[] = VISIBLE_STATES,
): PetitionRecord {
  if (petition?.state === "hidden" && petition.published_before)
    throw new GoneError("This petition has been removed");
  if (!petition || !states.includes(petition.state))
    throw new NotFoundError("No published petition has that id");
  return petition;
}
