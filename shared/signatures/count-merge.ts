/**
 * Stage 2's pure core: what merging deltas does to a petition's counts item and, when it must
 * change, to its document.
 *
 * Invariant: the counts item is the sum of every merged delta (added once each, in any order:
 * sums commute, so nothing is clamped here; a breakdown may dip below zero for a moment when an
 * invalidation's delta is merged before the confirmation's). The document changes only when the
 * state changes, a threshold is crossed, or its snapshot of the counts is older than
 * SNAPSHOT_SECONDS: its count-keyed index entries (lists by popularity, the state index) move at
 * most once a minute, as e-petitions' do.
 */
import { COLLECTING_SPONSORS, type PetitionState } from "../domain/petition-state.ts";
import { thresholdsCrossed } from "../domain/thresholds.ts";
import { COUNT_FIELDS, type CountsRecord } from "../petitions/counts.ts";
import type { StoredPetition } from "../petitions/store.ts";
import type { CountChange, CountSettings } from "./count.ts";

/** How old the document's snapshot of the counts may grow while its counts change. */
export const SNAPSHOT_SECONDS = 60;

function addTo(map: Record<string, number>, change: Record<string, number>): Record<string, number> {
  const next = { ...map };
  for (const [key, n] of Object.entries(change)) {
    const sum = (next[key] ?? 0) + n;
    if (sum === 0) delete next[key];
    else next[key] = sum;
  }
  return next;
}

/** The counts after adding the changes (the version is the caller's). */
export function addChanges(counts: CountsRecord, changes: readonly CountChange[]): CountsRecord {
  let next = { ...counts };
  for (const c of changes) {
    next = {
      ...next,
      signature_count: next.signature_count + c.signature_count,
      sponsor_count: next.sponsor_count + c.sponsor_count,
      subscriber_count: next.subscriber_count + c.subscriber_count,
      by_country: addTo(next.by_country, c.by_country),
      by_constituency: addTo(next.by_constituency, c.by_constituency),
      by_region: addTo(next.by_region, c.by_region),
    };
  }
  return next;
}

/** Net counted signatures per hour over all the changes (hours that net to zero left out). */
export function hoursOfChanges(changes: readonly CountChange[]): Record<string, number> {
  return changes.reduce<Record<string, number>>((hours, c) => addTo(hours, c.hours), {});
}

/** When the document took its snapshot of the counts. */
export const snapshotAt = (document: StoredPetition) => document.counts_snapshot_at ?? document.updated_at;

/** The counts as a document snapshot holds them: nothing below zero. */
function snapshotOf(counts: CountsRecord) {
  const clamp = (map: Record<string, number>) =>
    Object.fromEntries(Object.entries(map).filter(([, n]) => n > 0));
  return {
    signature_count: Math.max(0, counts.signature_count),
    sponsor_count: Math.max(0, counts.sponsor_count),
    subscriber_count: Math.max(0, counts.subscriber_count),
    by_country: clamp(counts.by_country),
    by_constituency: clamp(counts.by_constituency),
    by_region: clamp(counts.by_region),
  };
}

const canonical = (value: unknown) =>
  value && typeof value === "object"
    ? JSON.stringify(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : JSON.stringify(value ?? 0);

/** Whether the document's snapshot shows other figures than these counts. */
export function snapshotDiffers(document: StoredPetition, counts: CountsRecord): boolean {
  const snapshot = snapshotOf(counts);
  return COUNT_FIELDS.some((field) => canonical(document[field]) !== canonical(snapshot[field]));
}

/** The document with the counts as its snapshot, taken now. */
export function withSnapshot(document: StoredPetition, counts: CountsRecord, now: Date): StoredPetition {
  return { ...document, ...snapshotOf(counts), counts_snapshot_at: now.toISOString() };
}

/**
 * The document after the counts moved from `previous` to `counts`, or null when it need not be
 * written: the moderation threshold moves it between validated and sponsored; a threshold
 * crossed up marks an open petition as a candidate for the scheduled threshold function; one
 * crossed down clears its stamp; and a snapshot older than SNAPSHOT_SECONDS is refreshed.
 */
export function documentAfter(
  document: StoredPetition,
  previous: CountsRecord,
  counts: CountsRecord,
  settings: CountSettings,
  now: Date,
): { next: StoredPetition | null; crossed: ReturnType<typeof thresholdsCrossed> } {
  const crossed = thresholdsCrossed({
    previous: Math.max(0, previous.signature_count),
    current: Math.max(0, counts.signature_count),
    moderation: settings.THRESHOLD_FOR_MODERATION,
    response: settings.THRESHOLD_FOR_RESPONSE,
    debate: settings.THRESHOLD_FOR_DEBATE,
  });
  const stamp = now.toISOString();
  const next: StoredPetition = { ...withSnapshot(document, counts, now), version: document.version + 1 };
  let changed = false;
  const collecting = (COLLECTING_SPONSORS as readonly PetitionState[]).includes(document.state);
  if (collecting && next.state === "validated" && crossed.moderation === "up") {
    next.state = "sponsored";
    next.moderation_threshold_reached_at ??= stamp;
    changed = true;
  } else if (document.state === "sponsored" && crossed.moderation === "down") {
    next.state = "validated";
    changed = true;
  }
  if (crossed.crossedUp.length > 0 && next.state === "open") {
    // The scheduled threshold function stamps, mails and reports; this only marks.
    next.threshold_candidate = true;
    changed = true;
  }
  for (const name of crossed.crossedDown) {
    changed = true;
    if (name === "response") {
      delete next.response_threshold_reached_at;
      if (next.response_state === "awaiting") next.response_state = "pending";
    } else {
      delete next.debate_threshold_reached_at;
      if (next.debate_state === "awaiting") next.debate_state = "pending";
    }
  }
  const stale = now.getTime() - Date.parse(snapshotAt(document)) >= SNAPSHOT_SECONDS * 1000;
  if (changed || (stale && snapshotDiffers(document, counts))) {
    next.updated_at = stamp;
    return { next, crossed };
  }
  return { next: null, crossed };
}

/**
 * When the document's snapshot falls due for a refresh: a minute after it was taken, while it
 * shows other figures than the counts; null when it shows the counts.
 */
export function snapshotDue(document: StoredPetition, counts: CountsRecord): string | null {
  if (!snapshotDiffers(document, counts)) return null;
  return new Date(Date.parse(snapshotAt(document)) + SNAPSHOT_SECONDS * 1000).toISOString();
}
