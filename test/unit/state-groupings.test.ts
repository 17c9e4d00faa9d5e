/** The named sets of petition states, and the lists built from them, agree with the state machine. */
import { describe, expect, it } from "vitest";
import {
  ACCEPTING_SPONSORS,
  COUNTING_STATES,
  ENDED_STATES,
  inState,
  isPublished,
  isVisible,
  NEVER_PUBLISHED,
  PUBLISHED_STATES,
  petitionStates,
  REJECTED_STATES,
  sourcesOf,
  UNDECIDED,
  VISIBLE_STATES,
} from "../../shared/domain/petition-state.ts";
import { queues } from "../../shared/petitions/queues.ts";

describe("state groupings", () => {
  it("answers membership for every state", () => {
    for (const state of petitionStates) {
      expect(isVisible(state)).toBe((VISIBLE_STATES as readonly string[]).includes(state));
      expect(isPublished(state)).toBe((PUBLISHED_STATES as readonly string[]).includes(state));
    }
    expect(isVisible("not-a-state")).toBe(false);
    expect(inState("hidden", REJECTED_STATES)).toBe(true);
  });

  it("derives its sets from the transitions", () => {
    expect([...UNDECIDED]).toEqual([...sourcesOf("stop")]);
    expect([...UNDECIDED]).toEqual([...sourcesOf("reject")]);
    expect([...PUBLISHED_STATES]).toEqual([...sourcesOf("take_down")]);
    expect([...NEVER_PUBLISHED]).toEqual([...UNDECIDED, "stopped"]);
    expect(NEVER_PUBLISHED.some((state) => isPublished(state) || inState(state, ENDED_STATES))).toBe(false);
    expect([...ENDED_STATES].sort()).toEqual(["closed", "hidden", "rejected"]);
    expect([...ACCEPTING_SPONSORS]).toEqual(["pending", "validated", "sponsored"]);
    expect([...COUNTING_STATES]).toEqual(["open", "pending", "validated"]);
  });

  it("gives the moderation hub a queue per state outside the grouped ones, in the machine's order", () => {
    expect(queues.join(" ")).toBe(
      "collecting_sponsors in_moderation nearly_overdue overdue flagged dormant open closed rejected hidden",
    );
  });
});
