import { describe, expect, it } from "vitest";
import { pastClosingTime, takesSignatures } from "../../shared/petitions/petition-cache.ts";

describe("the signing path's petition document", () => {
  const closesAt = "2026-12-07T23:59:59.999Z";
  const open = { state: "open" as const, closes_at: closesAt };

  it("takes signatures up to the closing instant and not from it, whatever the cache holds", () => {
    expect(takesSignatures(open, new Date(Date.parse(closesAt) - 1))).toBe(true);
    expect(takesSignatures(open, new Date(closesAt))).toBe(false);
    expect(takesSignatures(open, new Date(Date.parse(closesAt) + 1))).toBe(false);
    expect(pastClosingTime(open, new Date(closesAt))).toBe(true);
  });

  it("takes none in any other state, and has no closing instant until it opens", () => {
    expect(takesSignatures({ state: "closed", closes_at: closesAt }, new Date(0))).toBe(false);
    expect(takesSignatures({ state: "open" }, new Date())).toBe(true);
    expect(pastClosingTime({}, new Date())).toBe(false);
  });
});
