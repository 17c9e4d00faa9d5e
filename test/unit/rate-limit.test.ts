import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  defaultRateLimits,
  exceededLimits,
  exceeds,
  trendingExceeded,
  windowKey,
} from "../../shared/domain/rate-limit.ts";

describe("a counter window", () => {
  it("starts on a multiple of the period", () => {
    const { key, expiresAt } = windowKey("ip#1.2.3.4#petition#1", new Date("2024-05-01T12:00:59.999Z"), 60);
    const start = Date.parse("2024-05-01T12:00:00Z") / 1000;
    expect(key).toBe(`ip#1.2.3.4#petition#1#60#${start}`);
    expect(expiresAt).toBe(start + 120);
  });

  it("changes key at the period boundary", () => {
    const before = windowKey("s", new Date("2024-05-01T12:04:59Z"), 300);
    const after = windowKey("s", new Date("2024-05-01T12:05:00Z"), 300);
    expect(before.key).not.toBe(after.key);
  });

  it("holds every instant of its period and expires two periods after it starts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.constantFrom(1, 60, 300, 3600),
        (ms, period) => {
          const { key, expiresAt } = windowKey("scope", new Date(ms), period);
          const start = Number(key.split("#").at(-1));
          const nowSeconds = Math.floor(ms / 1000);
          expect(start % period).toBe(0);
          expect(start).toBeLessThanOrEqual(nowSeconds);
          expect(nowSeconds).toBeLessThan(start + period);
          expect(expiresAt).toBe(start + 2 * period);
        },
      ),
    );
  });

  it("refuses a period that is not a positive whole number of seconds", () => {
    expect(() => windowKey("s", new Date(), 0)).toThrow(RangeError);
    expect(() => windowKey("s", new Date(), 1.5)).toThrow(RangeError);
  });
});

describe("a signer on one petition", () => {
  it("may sign once a minute", () => {
    expect(exceeds({ burst: 1, sustained: 1 })).toBe(false);
    expect(exceeds({ burst: 2, sustained: 2 })).toBe(true);
    expect(exceededLimits({ burst: 2, sustained: 2 })).toEqual(["burst"]);
  });

  it("may sign five times in five minutes", () => {
    expect(exceeds({ burst: 1, sustained: 5 })).toBe(false);
    expect(exceededLimits({ burst: 1, sustained: 6 })).toEqual(["sustained"]);
  });
});

describe("a creator", () => {
  it("may start two petitions in five minutes from one IP", () => {
    expect(exceeds({ creator: 2 })).toBe(false);
    expect(exceededLimits({ creator: 3 })).toEqual(["creator"]);
  });
});

describe("a sponsor", () => {
  it("may support five petitions in five minutes from one IP", () => {
    expect(exceeds({ sponsor: 5 })).toBe(false);
    expect(exceededLimits({ sponsor: 6 })).toEqual(["sponsor"]);
  });
});

describe("configured limits", () => {
  it("replace the defaults", () => {
    const limits = { ...defaultRateLimits, burst: { limit: 10, periodSeconds: 60 } };
    expect(exceeds({ burst: 10 }, limits)).toBe(false);
    expect(exceeds({ burst: 11 }, limits)).toBe(true);
  });

  it("are never exceeded by counts at or below them", () => {
    fc.assert(
      fc.property(fc.nat(1), fc.nat(5), fc.nat(2), fc.nat(5), (burst, sustained, creator, sponsor) => {
        expect(exceeds({ burst, sustained, creator, sponsor })).toBe(false);
      }),
    );
  });
});

describe("a trending IP or domain", () => {
  it("is reported once it reaches the threshold", () => {
    expect(trendingExceeded(99, 100)).toBe(false);
    expect(trendingExceeded(100, 100)).toBe(true);
  });
});
