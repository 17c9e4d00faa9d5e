/**
 * A published petition's history, as the service would have recorded it: when it opened, its
 * signers, its closing, the threshold stamps, the government's response and the debate.
 */
import { closingDateFor, londonDate } from "../../../shared/domain/closing-date.ts";
import type { ModerationEntry } from "../../../shared/petitions/model.ts";
import { emptyDebate } from "../../../shared/petitions/responses.ts";
import type { StoredPetition } from "../../../shared/petitions/store.ts";
import type { DebateStory, Fate, ResponseStory } from "./catalogue.ts";
import type { PlannedSignature, SeedOptions, SeedSettings } from "./plan.ts";
import { DAY, iso, signingTimes } from "./timeline.ts";

export const SEED_STAFF_ID = "demo-moderator";

export function openedDaysAgo(
  fate: Extract<Fate, { kind: "open" | "closed" }>,
  settings: SeedSettings,
): number {
  const duration = settings.PETITION_DURATION_MONTHS * 30.5;
  // Open ones must not have closed yet; closed ones must have (and closed within the last months).
  return fate.kind === "open"
    ? Math.min(fate.openedDaysAgo, duration - 5)
    : Math.max(fate.openedDaysAgo, duration + 10);
}

export function publish(
  record: StoredPetition,
  fate: Extract<Fate, { kind: "open" | "closed" }>,
  moderationAt: number | undefined,
  signatures: PlannedSignature[],
  signerCount: number,
  options: SeedOptions,
  random: () => number,
) {
  const { settings } = options;
  const now = options.now.getTime();
  const openedAt = now - openedDaysAgo(fate, settings) * DAY;
  const { closingDate, closesAt } = closingDateFor(new Date(openedAt), settings.PETITION_DURATION_MONTHS);
  const end = fate.kind === "closed" ? Math.min(closesAt.getTime() - 60_000, now) : now - 60_000;
  for (const at of signingTimes(random, signerCount, openedAt + 60_000, end, fate.trending === true)) {
    signatures.push({ kind: "signer", validatedAt: at });
  }
  const timeOf = (n: number) => signatures[n - 1]?.validatedAt ?? undefined;
  Object.assign(record, {
    state: fate.kind,
    moderation_threshold_reached_at: moderationAt === undefined ? undefined : iso(moderationAt),
    opened_at: iso(openedAt),
    closing_date: closingDate,
    closes_at: closesAt.toISOString(),
    ...(fate.kind === "closed" ? { closed_at: closesAt.toISOString() } : {}),
    moderation_log: [
      { action: "publish", staff_id: SEED_STAFF_ID, at: iso(openedAt) } satisfies ModerationEntry,
    ],
  });
  if (!fate.live) {
    const response = timeOf(settings.THRESHOLD_FOR_RESPONSE);
    const debate = timeOf(settings.THRESHOLD_FOR_DEBATE);
    if (response !== undefined) {
      record.response_threshold_reached_at = iso(response);
      record.response_state = "awaiting";
    }
    if (debate !== undefined) {
      record.debate_threshold_reached_at = iso(debate);
      record.debate_state = "awaiting";
    }
  }
  if (fate.response) respond(record, fate.response, openedAt, now, random);
  if (fate.debate) debate(record, fate.debate, openedAt, now);
}

function respond(
  record: StoredPetition,
  story: ResponseStory,
  openedAt: number,
  now: number,
  random: () => number,
) {
  const from = record.response_threshold_reached_at
    ? Date.parse(record.response_threshold_reached_at)
    : openedAt;
  const at = Math.min(now - DAY, from + (10 + random() * 20) * DAY);
  record.government_response = {
    responded_on: londonDate(new Date(at)),
    summary: story.summary,
    details: story.details,
    created_at: iso(at),
    updated_at: iso(at),
  };
  record.government_response_at = iso(at);
  record.response_state = "responded";
}

function debate(record: StoredPetition, story: DebateStory, openedAt: number, now: number) {
  const slug = record.action
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  switch (story.kind) {
    case "scheduled":
      record.scheduled_debate_date = londonDate(new Date(now + story.inDays * DAY));
      record.debate_state = "scheduled";
      return;
    case "debated": {
      const on = Math.max(openedAt + 30 * DAY, now - story.daysAgo * DAY);
      const date = londonDate(new Date(on));
      record.scheduled_debate_date = date;
      record.debate_outcome_at = iso(on + DAY);
      record.debate_state = "debated";
      record.debate = {
        ...emptyDebate,
        debated_on: date,
        overview: story.overview,
        transcript_url: `https://hansard.parliament.example/debates/${slug}`,
        video_url: `https://video.parliament.example/${slug}`,
        debate_pack_url: `https://research.parliament.example/briefings/${slug}`,
      };
      return;
    }
    case "not_debated":
      record.debate_outcome_at = iso(Math.max(openedAt + 20 * DAY, now - 12 * DAY));
      record.debate_state = "not_debated";
      record.debate = { ...emptyDebate, overview: story.reason };
      return;
  }
}
