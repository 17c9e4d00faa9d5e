/**
 * Signature thresholds (e-petitions §4.2). A threshold is reached when the count is at least
 * its value; a fall below it (after invalidations) un-reaches it.
 *
 * Provides:
 * - `thresholdsCrossed({ previous, current, moderation, response, debate })`: which of the
 *   response and debate thresholds a count change crossed, upward or downward, and whether the
 *   supporter threshold for moderation was crossed.
 * - `nextThreshold(count, settings)`: the next target for a progress bar, or null past debate.
 */
import { hasEnoughSponsors } from "./petition-state.ts";

export type ThresholdName = "response" | "debate";

export interface ThresholdSettings {
  /** Supporters needed before moderation; the creator's signature comes on top. */
  moderation: number;
  response: number;
  debate: number;
}

export interface CountChange extends ThresholdSettings {
  previous: number;
  current: number;
}

export interface ThresholdCrossings {
  crossedUp: ThresholdName[];
  crossedDown: ThresholdName[];
  moderation: "up" | "down" | null;
}

const thresholdNames = ["response", "debate"] as const satisfies readonly ThresholdName[];

function direction(reachedBefore: boolean, reachedNow: boolean): "up" | "down" | null {
  if (reachedBefore === reachedNow) return null;
  return reachedNow ? "up" : "down";
}

export function thresholdsCrossed(change: CountChange): ThresholdCrossings {
  const { previous, current } = change;
  const crossing = (name: ThresholdName) => direction(previous >= change[name], current >= change[name]);
  return {
    crossedUp: thresholdNames.filter((name) => crossing(name) === "up"),
    crossedDown: thresholdNames.filter((name) => crossing(name) === "down"),
    moderation: direction(
      hasEnoughSponsors(previous, change.moderation),
      hasEnoughSponsors(current, change.moderation),
    ),
  };
}

export interface NextThreshold {
  name: ThresholdName;
  target: number;
}

export function nextThreshold(
  count: number,
  settings: Pick<ThresholdSettings, "response" | "debate">,
): NextThreshold | null {
  for (const name of thresholdNames) {
    if (count < settings[name]) return { name, target: settings[name] };
  }
  return null;
}
