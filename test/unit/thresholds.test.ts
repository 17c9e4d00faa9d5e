import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextThreshold, thresholdsCrossed } from "../../shared/domain/thresholds.ts";

const settings = { moderation: 5, response: 10_000, debate: 100_000 };

describe("a count rising past the response threshold", () => {
  it("crosses response upward", () => {
    expect(thresholdsCrossed({ ...settings, previous: 9_999, current: 10_000 })).toEqual({
      crossedUp: ["response"],
      crossedDown: [],
      moderation: null,
    });
  });
});

describe("a count jumping past both thresholds in one batch", () => {
  it("crosses both upward", () => {
    expect(thresholdsCrossed({ ...settings, previous: 9_000, current: 100_001 }).crossedUp).toEqual([
      "response",
      "debate",
    ]);
  });
});

describe("a count falling back after invalidations", () => {
  it("crosses downward", () => {
    expect(thresholdsCrossed({ ...settings, previous: 100_000, current: 99_999 })).toEqual({
      crossedUp: [],
      crossedDown: ["debate"],
      moderation: null,
    });
  });
});

describe("a count that stays on one side", () => {
  it("crosses nothing", () => {
    expect(thresholdsCrossed({ ...settings, previous: 10_000, current: 10_500 })).toEqual({
      crossedUp: [],
      crossedDown: [],
      moderation: null,
    });
  });
});

describe("a petition gathering supporters", () => {
  it("reaches moderation with the creator and five supporters", () => {
    expect(thresholdsCrossed({ ...settings, previous: 5, current: 6 }).moderation).toBe("up");
    expect(thresholdsCrossed({ ...settings, previous: 6, current: 5 }).moderation).toBe("down");
    expect(thresholdsCrossed({ ...settings, previous: 4, current: 5 }).moderation).toBeNull();
  });
});

describe("any count change", () => {
  it("never crosses a threshold both ways, and reversing it swaps the directions", () => {
    fc.assert(
      fc.property(fc.nat(200_000), fc.nat(200_000), (previous, current) => {
        const forward = thresholdsCrossed({ ...settings, previous, current });
        const backward = thresholdsCrossed({ ...settings, previous: current, current: previous });
        expect(forward.crossedUp.filter((name) => forward.crossedDown.includes(name))).toEqual([]);
        expect(backward.crossedUp).toEqual(forward.crossedDown);
        expect(backward.crossedDown).toEqual(forward.crossedUp);
      }),
    );
  });
});

describe("the progress bar", () => {
  it("aims at the response threshold first", () => {
    expect(nextThreshold(0, settings)).toEqual({ name: "response", target: 10_000 });
    expect(nextThreshold(9_999, settings)).toEqual({ name: "response", target: 10_000 });
  });

  it("aims at the debate threshold once response is reached", () => {
    expect(nextThreshold(10_000, settings)).toEqual({ name: "debate", target: 100_000 });
  });

  it("has nothing to aim at once debate is reached", () => {
    expect(nextThreshold(100_000, settings)).toBeNull();
  });
});
