/**
 * The petition document as the signing path reads it: kept per instance for a few seconds, so a
 * petition signed a thousand times a second is read a few times a minute per instance, not once
 * per request. What may be a few seconds old is only what staff change by hand (a petition
 * stopped or hidden); the closing time is held in the document and compared with the clock on
 * every request, so a petition stops taking signatures at its closing instant exactly, whatever
 * the cache holds. This instance's own changes to a petition drop it from the cache at once.
 *
 * Access pattern: Query PETITION#<id>, SK begins_with PETITION (the document and its counts item,
 * whose count the confirmation shows), at most once per petition per TTL per instance.
 */
import { getPetition } from "./items.ts";
import type { PetitionRecord } from "./model.ts";

/** How long a petition document is kept (ms): a stopped petition signs for at most this long. */
export const PETITION_CACHE_MS = 5_000;

/** Kept as the read's promise, so requests arriving while it is in flight share it. */
const cache = new Map<number, { at: number; petition: Promise<PetitionRecord | null> }>();

/** The petition, from this instance's cache when younger than `maxAgeMs`; a missing one is not kept. */
export function recentPetition(
  id: number,
  now: Date = new Date(),
  maxAgeMs: number = PETITION_CACHE_MS,
): Promise<PetitionRecord | null> {
  const kept = cache.get(id);
  // A document read for a request that started after this one is younger still: use it.
  if (kept && now.getTime() - kept.at < maxAgeMs) return kept.petition;
  const entry = { at: now.getTime(), petition: getPetition(id) };
  cache.set(id, entry);
  const forget = () => {
    if (cache.get(id) === entry) cache.delete(id);
  };
  entry.petition.then((petition) => petition ?? forget(), forget);
  return entry.petition;
}

/** Has the petition's closing instant passed? Read from the document, compared with `now`. */
export function pastClosingTime(petition: Pick<PetitionRecord, "closes_at">, now: Date): boolean {
  return petition.closes_at !== undefined && Date.parse(petition.closes_at) <= now.getTime();
}

/** Open and before its closing instant: a cached document can say no more than this. */
export const takesSignatures = (petition: Pick<PetitionRecord, "state" | "closes_at">, now: Date) =>
  petition.state === "open" && !pastClosingTime(petition, now);

/** This instance changed the petition: the next request reads it again. */
export function forgetPetition(id: number): void {
  cache.delete(id);
}

/** Empties the cache (the local engine does, when a test changes an item behind the service). */
export function clearPetitionCache(): void {
  cache.clear();
}
