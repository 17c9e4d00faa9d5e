/**
 * Whether moderation is delayed (e-petitions' `Site#moderation_delay?`): the petitions awaiting
 * moderation, from the per-state tally (one read), against the site settings' threshold. Creators
 * are then told it will take longer: the start pages' notice and the "with delay" emails.
 */
import { IN_MODERATION } from "../domain/petition-state.ts";
import { moderationDelayed } from "../domain/site-settings.ts";
import { stateTally } from "./items.ts";

/** Petitions awaiting moderation now (supported and flagged). */
export async function moderationQueueLength(): Promise<number> {
  const tally = await stateTally();
  return IN_MODERATION.reduce((sum, state) => sum + (tally[state] ?? 0), 0);
}

export async function isModerationDelayed(site: {
  threshold_for_moderation_delay: number;
}): Promise<boolean> {
  return moderationDelayed(await moderationQueueLength(), site);
}
