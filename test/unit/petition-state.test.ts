import { describe, expect, it } from "vitest";
import {
  COLLECTING_SPONSORS,
  canTransition,
  hasEnoughSponsors,
  IN_MODERATION,
  InvalidTransitionError,
  nextState,
  type PetitionEvent,
  type PetitionState,
  PUBLISHED_STATES,
  petitionEvents,
  petitionStates,
  rejectionCodeSchema,
  rejectionReasonFor,
  rejectionReasons,
  sourcesOf,
  transitions,
  VISIBLE_STATES,
} from "../../shared/domain/petition-state.ts";

// Written state by state from e-petitions §1.2, independently of the module's event-keyed table.
const expected: Record<PetitionState, Partial<Record<PetitionEvent, PetitionState>>> = {
  pending: {
    validate: "validated",
    sponsor: "sponsored",
    reject: "rejected",
    hide: "hidden",
    flag: "flagged",
    dormant: "dormant",
    stop: "stopped",
  },
  validated: {
    sponsor: "sponsored",
    publish: "open",
    reject: "rejected",
    hide: "hidden",
    flag: "flagged",
    dormant: "dormant",
    stop: "stopped",
  },
  sponsored: {
    unsponsor: "validated",
    publish: "open",
    reject: "rejected",
    hide: "hidden",
    flag: "flagged",
    dormant: "dormant",
    stop: "stopped",
  },
  flagged: {
    publish: "open",
    reject: "rejected",
    hide: "hidden",
    dormant: "dormant",
    restore: "sponsored",
    stop: "stopped",
  },
  dormant: { publish: "open", reject: "rejected", hide: "hidden", restore: "sponsored", stop: "stopped" },
  open: { take_down: "rejected", take_down_hidden: "hidden", close: "closed" },
  closed: { take_down: "rejected", take_down_hidden: "hidden" },
  rejected: { restore: "sponsored" },
  hidden: { restore: "sponsored" },
  stopped: {},
};

describe("the petition state machine", () => {
  for (const state of petitionStates) {
    describe(`a ${state} petition`, () => {
      for (const event of petitionEvents) {
        const target = expected[state][event];
        if (target === undefined) {
          it(`refuses ${event}`, () => {
            expect(canTransition(state, event)).toBe(false);
            expect(() => nextState(state, event)).toThrow(InvalidTransitionError);
            expect(sourcesOf(event)).not.toContain(state);
          });
        } else {
          it(`moves to ${target} on ${event}`, () => {
            expect(canTransition(state, event)).toBe(true);
            expect(nextState(state, event)).toBe(target);
            expect(sourcesOf(event)).toContain(state);
          });
        }
      }
    });
  }

  it("names the refused state and event in the error", () => {
    const error = (() => {
      try {
        nextState("pending", "publish");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({ name: "InvalidTransitionError", from: "pending", event: "publish" });
  });

  it("has a transition for every event and no others", () => {
    expect(Object.keys(transitions).sort()).toEqual([...petitionEvents].sort());
  });

  it("lists each source state once per event", () => {
    for (const event of petitionEvents) {
      expect(new Set(sourcesOf(event)).size).toBe(sourcesOf(event).length);
    }
  });
});

describe("the state groupings", () => {
  it("shows open, closed and rejected petitions in public lists", () => {
    expect([...VISIBLE_STATES].sort()).toEqual(["closed", "open", "rejected"]);
  });

  it("treats open and closed as published", () => {
    expect([...PUBLISHED_STATES].sort()).toEqual(["closed", "open"]);
  });

  it("collects sponsors while pending or validated", () => {
    expect([...COLLECTING_SPONSORS].sort()).toEqual(["pending", "validated"]);
  });

  it("queues sponsored and flagged petitions for moderation", () => {
    expect([...IN_MODERATION].sort()).toEqual(["flagged", "sponsored"]);
  });

  it("lets every petition collecting sponsors become sponsored", () => {
    for (const state of COLLECTING_SPONSORS) expect(canTransition(state, "sponsor")).toBe(true);
  });
});

describe("the supporter threshold", () => {
  it("needs the creator plus the threshold", () => {
    expect(hasEnoughSponsors(5, 5)).toBe(false);
    expect(hasEnoughSponsors(6, 5)).toBe(true);
    expect(hasEnoughSponsors(1, 0)).toBe(true);
  });
});

describe("the rejection reasons", () => {
  it("has one reason for every code, each with a title and a sentence", () => {
    expect(rejectionReasons.map((reason) => reason.code)).toEqual(rejectionCodeSchema.options);
    for (const reason of rejectionReasons) {
      expect(reason.title.length).toBeGreaterThan(0);
      expect(reason.description).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("hides libellous, offensive and advert petitions only", () => {
    const hidden = rejectionReasons.filter((reason) => reason.hidden).map((reason) => reason.code);
    expect(hidden).toEqual(["libellous", "offensive", "advert"]);
  });

  it("refuses an unknown code", () => {
    expect(rejectionCodeSchema.safeParse("removed").success).toBe(false);
    expect(rejectionCodeSchema.parse("duplicate")).toBe("duplicate");
  });

  it("finds a reason by code", () => {
    expect(rejectionReasonFor("foi").title).toBe("FOI request");
  });
});
