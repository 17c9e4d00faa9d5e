import { describe, expect, it } from "vitest";
import { hourOfDate } from "../../shared/petitions/hourly.ts";
import { isTrendingHour } from "../../shared/petitions/trending-list.ts";

describe("the hours trending reads", () => {
  const now = new Date("2026-11-28T00:20:00.000Z");

  it("are the current clock hour and the one before, across midnight", () => {
    expect(isTrendingHour(hourOfDate(now), now)).toBe(true);
    expect(isTrendingHour("2026-11-27T23", now)).toBe(true);
    expect(isTrendingHour("2026-11-27T22", now)).toBe(false);
    expect(isTrendingHour("2026-10-01T00", now)).toBe(false);
  });

  it("include an hour just begun on a clock a little behind the signature's", () => {
    expect(isTrendingHour("2026-11-28T01", now)).toBe(true);
  });
});
