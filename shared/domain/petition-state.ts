/**
 * The petition state machine, in one place (e-petitions §1.1–1.2).
 *
 * Provides:
 * - `petitionStates`, `PetitionState`, `petitionStateSchema`: the ten states.
 * - `petitionEvents`, `PetitionEvent`, `petitionEventSchema`: the eleven events.
 * - `transitions`: event -> { from, to }, the single source of truth.
 * - `sourcesOf(event)`: the states a conditional write for that event must name.
 * - `nextState(from, event)` (throws `InvalidTransitionError`) and `canTransition(from, event)`.
 * - `hasEnoughSponsors(count, thresholdForModeration)`: the guard for `sponsor`.
 * - Groupings: `VISIBLE_STATES`, `PUBLISHED_STATES`, `COLLECTING_SPONSORS`, `IN_MODERATION`,
 *   `UNDECIDED`, `ACCEPTING_SPONSORS`, `COUNTING_STATES`, `REJECTED_STATES`, `ENDED_STATES`, `NEVER_PUBLISHED`,
 *   `SHOW_STATES`, and
 *   `isVisible(state)`, `isPublished(state)`.
 * - `rejectionReasons`, `RejectionCode`, `rejectionCodeSchema`, `rejectionReasonFor(code)`.
 */
import * as z from "../zod.ts";

export const petitionStates = [
  "pending",
  "validated",
  "sponsored",
  "flagged",
  "dormant",
  "open",
  "closed",
  "rejected",
  "hidden",
  "stopped",
] as const;
export type PetitionState = (typeof petitionStates)[number];
export const petitionStateSchema = z.enum(petitionStates);

export const petitionEvents = [
  "validate",
  "sponsor",
  "unsponsor",
  "publish",
  "reject",
  "hide",
  "flag",
  "dormant",
  "restore",
  "close",
  "stop",
  "take_down",
  "take_down_hidden",
] as const;
export type PetitionEvent = (typeof petitionEvents)[number];
export const petitionEventSchema = z.enum(petitionEvents);

export interface Transition {
  readonly from: readonly PetitionState[];
  readonly to: PetitionState;
}

// Moderation decides on petitions not yet published; taking down a published one is a separate,
// deliberate event, so a moderator acting on a stale queue cannot reject what another just published.
const rejectable = ["pending", "validated", "sponsored", "flagged", "dormant"] as const;
/** Never published and not yet decided on: moderation may still reject it, dissolution stops it. */
export const UNDECIDED = rejectable;
const published = ["open", "closed"] as const;

export const transitions = {
  validate: { from: ["pending"], to: "validated" },
  sponsor: { from: ["pending", "validated"], to: "sponsored" },
  unsponsor: { from: ["sponsored"], to: "validated" },
  // Not from pending: the creator must at least have confirmed (e-petitions' `:still_pending`).
  publish: { from: ["validated", "sponsored", "flagged", "dormant"], to: "open" },
  reject: { from: rejectable, to: "rejected" },
  hide: { from: rejectable, to: "hidden" },
  flag: { from: ["pending", "validated", "sponsored"], to: "flagged" },
  dormant: { from: ["pending", "validated", "sponsored", "flagged"], to: "dormant" },
  restore: { from: ["flagged", "dormant", "rejected", "hidden"], to: "sponsored" },
  close: { from: ["open"], to: "closed" },
  // At dissolution, anything never published stops.
  stop: { from: rejectable, to: "stopped" },
  take_down: { from: published, to: "rejected" },
  take_down_hidden: { from: published, to: "hidden" },
} as const satisfies Record<PetitionEvent, Transition>;

export class InvalidTransitionError extends Error {
  override name = "InvalidTransitionError";
  readonly from: PetitionState;
  readonly event: PetitionEvent;

  constructor(from: PetitionState, event: PetitionEvent) {
    super(`A ${from} petition cannot ${event}`);
    this.from = from;
    this.event = event;
  }
}

/** The states an event may start from: exactly what a conditional write must name. */
export function sourcesOf(event: PetitionEvent): readonly PetitionState[] {
  return transitions[event].from;
}

export function canTransition(from: PetitionState, event: PetitionEvent): boolean {
  return sourcesOf(event).includes(from);
}

export function nextState(from: PetitionState, event: PetitionEvent): PetitionState {
  if (!canTransition(from, event)) throw new InvalidTransitionError(from, event);
  return transitions[event].to;
}

/** The creator's own signature counts too, so the threshold is the supporters plus one. */
export function hasEnoughSponsors(signatureCount: number, thresholdForModeration: number): boolean {
  return signatureCount >= thresholdForModeration + 1;
}

/** Shown in public lists and search. */
export const VISIBLE_STATES = ["open", "closed", "rejected"] as const satisfies readonly PetitionState[];
/** Published at some point: these have an opening date and a signature page. */
export const PUBLISHED_STATES = ["open", "closed"] as const satisfies readonly PetitionState[];
/** Waiting for supporters before moderation. */
export const COLLECTING_SPONSORS = ["pending", "validated"] as const satisfies readonly PetitionState[];
/** The moderation queue. */
export const IN_MODERATION = ["sponsored", "flagged"] as const satisfies readonly PetitionState[];
/** Supporters may still sign (up to the most a petition takes). */
export const ACCEPTING_SPONSORS = [
  ...COLLECTING_SPONSORS,
  "sponsored",
] as const satisfies readonly PetitionState[];
/** Signatures still count: open, or collecting supporters. */
export const COUNTING_STATES = ["open", ...COLLECTING_SPONSORS] as const satisfies readonly PetitionState[];
/** Rejected, with or without its text hidden. */
export const REJECTED_STATES = ["rejected", "hidden"] as const satisfies readonly PetitionState[];
/** Over: closed, or rejected after all. */
export const ENDED_STATES = ["closed", ...REJECTED_STATES] as const satisfies readonly PetitionState[];
/** Never published and never rejected: awaiting a decision, or stopped at dissolution. */
export const NEVER_PUBLISHED = [...rejectable, "stopped"] as const satisfies readonly PetitionState[];

/**
 * Has a public address (e-petitions' SHOW_STATES): the published and rejected petitions' own
 * pages, and a page saying where a petition still gathering support, being checked or stopped
 * is (`showPageFor` in ./show-page.ts). Dormant and hidden petitions have none.
 */
export const SHOW_STATES = [
  ...COLLECTING_SPONSORS,
  ...IN_MODERATION,
  ...VISIBLE_STATES,
  "stopped",
] as const satisfies readonly PetitionState[];

/** Whether `state` is one of `states` (any of the groupings above). */
export const inState = (state: string, states: readonly PetitionState[]): boolean =>
  (states as readonly string[]).includes(state);
/** Shown in public lists and search, with a public page: open, closed or rejected. */
export const isVisible = (state: string): boolean => (VISIBLE_STATES as readonly string[]).includes(state);
/** Published at some point: open or closed. */
export const isPublished = (state: string): boolean =>
  (PUBLISHED_STATES as readonly string[]).includes(state);

export const rejectionCodes = [
  "duplicate",
  "irrelevant",
  "no-action",
  "honours",
  "fake-name",
  "foi",
  "libellous",
  "offensive",
  "advert",
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];
export const rejectionCodeSchema = z.enum(rejectionCodes);

export interface RejectionReason {
  readonly code: RejectionCode;
  readonly title: string;
  /** One sentence for the public standards page, explaining the rule. */
  readonly description: string;
  /** Hidden reasons also hide the petition's text from the public. */
  readonly hidden: boolean;
}

export const rejectionReasons = [
  {
    code: "duplicate",
    title: "Duplicate petition",
    description:
      "We reject a petition that asks for the same thing as one already open, so that signatures gather in one place.",
    hidden: false,
  },
  {
    code: "irrelevant",
    title: "Not the Government/Parliament's responsibility",
    description:
      "We reject a petition about something the UK Government or Parliament is not directly responsible for, such as a devolved or local matter.",
    hidden: false,
  },
  {
    code: "no-action",
    title: "Action unclear",
    description:
      "We reject a petition that does not say clearly what action it wants the Government or Parliament to take.",
    hidden: false,
  },
  {
    code: "honours",
    title: "Honours or appointments",
    description:
      "We reject a petition about honours or appointments, because those decisions are made through separate processes.",
    hidden: false,
  },
  {
    code: "fake-name",
    title: "Fake name",
    description:
      "We reject a petition started under a name that is clearly not the creator's real name, because petitions must come from real people.",
    hidden: false,
  },
  {
    code: "foi",
    title: "FOI request",
    description:
      "We reject a petition that is really a request for information, which should be made under the Freedom of Information Act instead.",
    hidden: false,
  },
  {
    code: "libellous",
    title: "Confidential, libellous, false, defamatory or references a court case",
    description:
      "We reject and hide a petition that contains confidential, libellous, false or defamatory material, or refers to a case that is active in the courts.",
    hidden: true,
  },
  {
    code: "offensive",
    title: "Offensive or a joke",
    description:
      "We reject and hide a petition that is offensive, contains swearing or is a joke, so that it is not published anywhere on the site.",
    hidden: true,
  },
  {
    code: "advert",
    title: "Advert",
    description:
      "We reject and hide a petition that advertises or promotes a product, service, business or campaign.",
    hidden: true,
  },
] as const satisfies readonly RejectionReason[];

export function rejectionReasonFor(code: RejectionCode): RejectionReason {
  const reason = rejectionReasons.find((candidate) => candidate.code === code);
  // The table is written against rejectionCodes, so a miss is a programming error.
  if (reason === undefined) throw new Error(`No rejection reason for code ${code}`);
  return reason;
}
