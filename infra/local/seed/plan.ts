/**
 * What the seed writes, decided before anything is written (pure: no I/O, deterministic for a
 * seed and a clock): each petition's final record, and when each of its signatures was
 * confirmed. Counts are not in the records: the stream counter adds them from the signatures.
 *
 * Threshold stamps are what the service would have stamped: the time of the signature that
 * crossed the threshold. The one petition marked `live` gets none; the scheduled threshold
 * function stamps it, mails its signers and reports it, as it would in service.
 */
import {
  hasEnoughSponsors,
  type RejectionCode,
  rejectionReasonFor,
} from "../../../shared/domain/petition-state.ts";
import type { ModerationEntry, PetitionRecord } from "../../../shared/petitions/model.ts";
import type { StoredPetition } from "../../../shared/petitions/store.ts";
import type { SignatureKind } from "../../../shared/signatures/model.ts";
import { randomSource } from "../random.ts";
import { catalogue, type Fate, type Story } from "./catalogue.ts";
import { generatedStory } from "./generated.ts";
import { openedDaysAgo, publish, SEED_STAFF_ID } from "./publication.ts";
import { DAY, HOUR, iso, signingTimes } from "./timeline.ts";

export interface SeedSettings {
  THRESHOLD_FOR_MODERATION: number;
  THRESHOLD_FOR_RESPONSE: number;
  THRESHOLD_FOR_DEBATE: number;
  PETITION_DURATION_MONTHS: number;
}

export interface SeedOptions {
  /** How many petitions; the catalogue's come first, then generated ones. */
  petitions: number;
  /** Signatures from the public, shared among published petitions (creators' and supporters' are extra). */
  signatures: number;
  seed: number;
  now: Date;
  firstId: number;
  settings: SeedSettings;
}

export interface PlannedSignature {
  kind: SignatureKind;
  /** When it was confirmed; null while unconfirmed. */
  validatedAt: number | null;
}

export interface PlannedPetition {
  record: StoredPetition;
  story: Story;
  /** In the order they were confirmed; the creator's first. */
  signatures: PlannedSignature[];
  /** The count the stream counter must arrive at. */
  expectedCount: number;
}

/** How much of the budget generated petitions share when there are any. */
const GENERATED_SHARE = 0.4;

export function planSeed(options: SeedOptions): PlannedPetition[] {
  const random = randomSource(options.seed);
  const stories: Story[] = [];
  for (let i = 0; i < options.petitions; i++) {
    stories.push(catalogue[i] ?? generatedStory(random));
  }
  const signers = shareBudget(stories, options.signatures);
  const planned = stories.map((story, i) =>
    planPetition(story, signers[i] ?? 0, options, randomSource(options.seed * 7919 + i)),
  );
  // Ids follow creation, as the service's counter hands them out (lists order "newest" by id).
  planned.sort((a, b) => a.record.created_at.localeCompare(b.record.created_at));
  planned.forEach((p, i) => {
    p.record.id = options.firstId + i;
  });
  return planned;
}

const weightOf = (fate: Fate) => (fate.kind === "open" || fate.kind === "closed" ? fate.weight : 0);

/** Public signatures per petition: by weight, summing exactly to the budget. */
export function shareBudget(stories: readonly Story[], budget: number): number[] {
  const fromCatalogue = new Set(catalogue);
  const generatedWeight = stories
    .filter((s) => !fromCatalogue.has(s))
    .reduce((t, s) => t + weightOf(s.fate), 0);
  const catalogueWeight = stories
    .filter((s) => fromCatalogue.has(s))
    .reduce((t, s) => t + weightOf(s.fate), 0);
  const generatedBudget = generatedWeight > 0 && catalogueWeight > 0 ? budget * GENERATED_SHARE : 0;
  const shares = stories.map((story) => {
    const weight = weightOf(story.fate);
    if (weight === 0) return 0;
    return fromCatalogue.has(story)
      ? ((budget - generatedBudget) * weight) / catalogueWeight
      : ((generatedBudget || budget) * weight) / generatedWeight;
  });
  const counts = shares.map(Math.floor);
  let left = budget - counts.reduce((t, n) => t + n, 0);
  // The remainder goes to the largest fractions, so the total is exact.
  const order = shares
    .map((share, i) => ({ i, rest: share - Math.floor(share) }))
    .sort((a, b) => b.rest - a.rest);
  for (const { i } of order) {
    if (left <= 0) break;
    if (weightOf(stories[i]?.fate ?? { kind: "pending" }) === 0) continue;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  return counts;
}

function planPetition(
  story: Story,
  signerCount: number,
  options: SeedOptions,
  random: () => number,
): PlannedPetition {
  const { settings } = options;
  const now = options.now.getTime();
  const fate = story.fate;
  const published = fate.kind === "open" || fate.kind === "closed";
  const moderation = settings.THRESHOLD_FOR_MODERATION;

  // When it was created and how many supporters it has.
  let createdAt: number;
  let supporters: number;
  switch (fate.kind) {
    case "pending":
      createdAt = now - 3 * HOUR;
      supporters = 0;
      break;
    case "collecting":
      createdAt = now - (2 + fate.sponsors) * DAY;
      supporters = Math.max(0, Math.min(fate.sponsors, moderation - 1));
      break;
    case "awaiting_moderation":
      createdAt = now - 6 * HOUR;
      supporters = moderation;
      break;
    case "in_moderation":
      createdAt = now - (fate.days + 3) * DAY;
      supporters = moderation;
      break;
    case "flagged":
    case "rejected":
      createdAt = now - (5 + random() * 40) * DAY;
      supporters = moderation;
      break;
    default:
      createdAt = now - (openedDaysAgo(fate, settings) + 8 + random() * 6) * DAY;
      supporters = moderation + Math.floor(random() * 3);
  }

  const creatorConfirmed = fate.kind !== "pending";
  const signatures: PlannedSignature[] = [
    { kind: "creator", validatedAt: creatorConfirmed ? createdAt + 10 * 60_000 : null },
  ];
  // Supporters sign within a few hours of the link going out (within the hour for a fresh one).
  const supportWindow = fate.kind === "awaiting_moderation" ? HOUR : 2 * DAY;
  for (const at of signingTimes(
    random,
    supporters,
    createdAt + 20 * 60_000,
    createdAt + supportWindow,
    false,
  )) {
    signatures.push({ kind: "sponsor", validatedAt: at });
  }
  // The signature that gave it enough supporters (the creator's comes on top).
  const confirmed = signatures.filter((s) => s.validatedAt !== null).length;
  const moderationAt = hasEnoughSponsors(confirmed, moderation)
    ? (signatures[moderation]?.validatedAt ?? undefined)
    : undefined;

  const record: StoredPetition = {
    entity: "PETITION",
    // Given once every petition is planned, in order of creation.
    id: 0,
    action: story.action,
    background: story.background,
    additional_details: story.details,
    state: "pending",
    creator_name: story.creator,
    // Filled in by the writer, which knows the creator's address.
    creator_signature_id: "",
    sponsor_token: "",
    signature_count: 0,
    sponsor_count: 0,
    subscriber_count: 0,
    by_country: {},
    by_constituency: {},
    by_region: {},
    created_at: iso(createdAt),
    updated_at: iso(createdAt),
    response_state: "pending",
    debate_state: "pending",
    moderation_log: [],
    version: 1,
  };
  const log = (action: string, at: number, reason?: RejectionCode): ModerationEntry => ({
    action,
    staff_id: SEED_STAFF_ID,
    at: iso(at),
    ...(reason ? { reason_code: reason } : {}),
  });

  switch (fate.kind) {
    case "pending":
      break;
    case "collecting":
    case "awaiting_moderation":
      // The counter moves the second kind to moderation when it counts the last supporter.
      record.state = "validated";
      break;
    case "in_moderation":
      record.state = "sponsored";
      record.moderation_threshold_reached_at = iso(now - fate.days * DAY);
      break;
    case "flagged": {
      const at = (moderationAt ?? createdAt) + 2 * DAY;
      Object.assign(record, {
        state: "flagged",
        moderation_threshold_reached_at: moderationAt === undefined ? undefined : iso(moderationAt),
        moderation_log: [log("flag", at)],
      });
      break;
    }
    case "rejected": {
      const at = (moderationAt ?? createdAt) + (1 + random() * 4) * DAY;
      const hidden = rejectionReasonFor(fate.code).hidden;
      Object.assign(record, {
        state: hidden ? "hidden" : "rejected",
        moderation_threshold_reached_at: moderationAt === undefined ? undefined : iso(moderationAt),
        rejected_at: iso(at),
        rejection: { code: fate.code, details: fate.details },
        moderation_log: [log(hidden ? "hide" : "reject", at, fate.code)],
      });
      break;
    }
    default:
      publish(record, fate, moderationAt, signatures, signerCount, options, random);
  }
  if (!published) delete record.subscriber_count;
  for (const key of Object.keys(record) as (keyof PetitionRecord)[]) {
    if (record[key] === undefined) delete record[key];
  }
  // Signatures are in the order they were confirmed: the last one touched the petition last.
  const last = signatures.findLast((s) => s.validatedAt !== null)?.validatedAt ?? 0;
  record.updated_at = iso(Math.max(last, Date.parse(record.updated_at)));
  return {
    record,
    story,
    signatures,
    expectedCount: signatures.filter((s) => s.validatedAt !== null).length,
  };
}
