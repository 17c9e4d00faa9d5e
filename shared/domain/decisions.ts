/**
 * The moderation decisions a moderator may take on a petition, in plain English, and only
 * those the state machine allows from its current state (a rejection that hides it, and a
 * take-down that hides it, share the state sources of their plain forms).
 */
import { canTransition, type PetitionEvent, type PetitionState } from "./petition-state.ts";

export type Decision = "publish" | "reject" | "flag" | "dormant" | "restore" | "take_down";

const decisions: readonly { value: Decision; event: PetitionEvent; text: string; hint: string }[] = [
  {
    value: "publish",
    event: "publish",
    text: "Publish it",
    hint: "It opens for signatures and the creator is told.",
  },
  {
    value: "reject",
    event: "reject",
    text: "Reject it",
    hint: "Choose a reason below; the creator is told why. Some reasons also hide it.",
  },
  {
    value: "flag",
    event: "flag",
    text: "Flag it for a second opinion",
    hint: "Another moderator looks at it.",
  },
  {
    value: "dormant",
    event: "dormant",
    text: "Park it as dormant",
    hint: "It leaves the queue without a decision.",
  },
  {
    value: "restore",
    event: "restore",
    text: "Return it to moderation",
    hint: "It goes back into the queue to be decided again.",
  },
  {
    value: "take_down",
    event: "take_down",
    text: "Take it down",
    hint: "It is published: choose a reason below. It stops taking signatures.",
  },
];

/** The decisions open to a moderator on a petition in `state`, in the order the form lists them. */
export function decisionsFor(state: PetitionState): { value: Decision; text: string; hint: string }[] {
  return decisions
    .filter((d) => canTransition(state, d.event))
    .map(({ value, text, hint }) => ({ value, text, hint }));
}
