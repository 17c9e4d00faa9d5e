import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  closingDateFor,
  daysBetween,
  londonDate,
  startOfLondonDay,
} from "../../shared/domain/closing-date.ts";

describe("a London date", () => {
  it("is the UTC date in winter", () => {
    expect(londonDate(new Date("2024-01-15T23:59:59Z"))).toBe("2024-01-15");
    expect(londonDate(new Date("2024-01-16T00:00:00Z"))).toBe("2024-01-16");
  });

  it("starts an hour before UTC midnight in summer", () => {
    expect(londonDate(new Date("2024-07-15T22:59:59Z"))).toBe("2024-07-15");
    expect(londonDate(new Date("2024-07-15T23:00:00Z"))).toBe("2024-07-16");
  });

  it("begins at the right instant either side of the clock changes", () => {
    expect(startOfLondonDay("2024-03-31").toISOString()).toBe("2024-03-31T00:00:00.000Z");
    expect(startOfLondonDay("2024-04-01").toISOString()).toBe("2024-03-31T23:00:00.000Z");
    expect(startOfLondonDay("2024-10-27").toISOString()).toBe("2024-10-26T23:00:00.000Z");
    expect(startOfLondonDay("2024-10-28").toISOString()).toBe("2024-10-28T00:00:00.000Z");
  });

  it("starts at an instant that is on that day, a moment after the day before", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        (d) => {
          const day = londonDate(d);
          const start = startOfLondonDay(day);
          expect(londonDate(start)).toBe(day);
          expect(londonDate(new Date(start.getTime() - 1))).not.toBe(day);
          expect(start.getTime()).toBeLessThanOrEqual(d.getTime());
        },
      ),
    );
  });
});

describe("a petition opened in winter", () => {
  it("closes at the end of the same day six months later, in summer time", () => {
    const { closingDate, closesAt } = closingDateFor(new Date("2024-01-10T09:30:00Z"), 6);
    expect(closingDate).toBe("2024-07-10");
    expect(closesAt.toISOString()).toBe("2024-07-10T23:00:00.000Z");
  });
});

describe("a petition opened in summer", () => {
  it("closes at London midnight in winter", () => {
    const { closingDate, closesAt } = closingDateFor(new Date("2024-07-10T09:30:00Z"), 6);
    expect(closingDate).toBe("2025-01-10");
    expect(closesAt.toISOString()).toBe("2025-01-11T00:00:00.000Z");
  });

  it("counts from the London day when opened just after London midnight", () => {
    // 23:30 UTC on 30 June is 00:30 BST on 1 July.
    const { closingDate } = closingDateFor(new Date("2024-06-30T23:30:00Z"), 6);
    expect(closingDate).toBe("2025-01-01");
  });
});

describe("a petition closing on the day the clocks change", () => {
  it("closes at the end of the day clocks go forward", () => {
    const { closingDate, closesAt } = closingDateFor(new Date("2023-09-30T12:00:00Z"), 6);
    expect(closingDate).toBe("2024-03-30");
    expect(closesAt.toISOString()).toBe("2024-03-31T00:00:00.000Z");
    const onTheDay = closingDateFor(new Date("2023-03-31T12:00:00Z"), 12);
    expect(onTheDay.closingDate).toBe("2024-03-31");
    expect(onTheDay.closesAt.toISOString()).toBe("2024-03-31T23:00:00.000Z");
  });

  it("closes at the end of the day clocks go back", () => {
    const { closingDate, closesAt } = closingDateFor(new Date("2024-04-27T12:00:00Z"), 6);
    expect(closingDate).toBe("2024-10-27");
    expect(closesAt.toISOString()).toBe("2024-10-28T00:00:00.000Z");
  });
});

describe("a petition opened at the end of a long month", () => {
  it("closes on the last day of a short month", () => {
    expect(closingDateFor(new Date("2024-08-31T12:00:00Z"), 6).closingDate).toBe("2025-02-28");
    expect(closingDateFor(new Date("2023-08-31T12:00:00Z"), 6).closingDate).toBe("2024-02-29");
    expect(closingDateFor(new Date("2024-12-31T12:00:00Z"), 6).closingDate).toBe("2025-06-30");
    expect(closingDateFor(new Date("2024-03-31T12:00:00Z"), 1).closingDate).toBe("2024-04-30");
  });

  it("rolls into the next year", () => {
    expect(closingDateFor(new Date("2024-11-15T12:00:00Z"), 12).closingDate).toBe("2025-11-15");
  });
});

describe("any opening", () => {
  it("closes at the first instant of the day after the closing date", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2090-01-01"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 12 }),
        (openedAt, months) => {
          const { closingDate, closesAt } = closingDateFor(openedAt, months);
          expect(londonDate(new Date(closesAt.getTime() - 1))).toBe(closingDate);
          expect(londonDate(closesAt)).not.toBe(closingDate);
          expect(closesAt.getTime()).toBeGreaterThan(openedAt.getTime());
        },
      ),
    );
  });

  it("refuses a fractional or negative number of months", () => {
    expect(() => closingDateFor(new Date(), 1.5)).toThrow(RangeError);
    expect(() => closingDateFor(new Date(), -1)).toThrow(RangeError);
  });
});

describe("days between two instants", () => {
  it("counts London calendar days", () => {
    expect(daysBetween(new Date("2024-07-15T22:30:00Z"), new Date("2024-07-15T23:30:00Z"))).toBe(1);
    expect(daysBetween(new Date("2024-03-30T12:00:00Z"), new Date("2024-04-01T12:00:00Z"))).toBe(2);
    expect(daysBetween(new Date("2024-10-26T12:00:00Z"), new Date("2024-10-28T12:00:00Z"))).toBe(2);
    expect(daysBetween(new Date("2024-01-10T12:00:00Z"), new Date("2024-01-10T13:00:00Z"))).toBe(0);
  });

  it("is negative backwards", () => {
    expect(daysBetween(new Date("2024-01-10T12:00:00Z"), new Date("2024-01-01T12:00:00Z"))).toBe(-9);
  });
});
