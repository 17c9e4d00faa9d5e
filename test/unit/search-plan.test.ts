import { describe, expect, it } from "vitest";
import { intersect, RANK_LIMIT, searchPlan, walkTotal } from "../../shared/search/index.ts";

describe("search: intersecting postings", () => {
  it("keeps the ids in every set, whatever the order given", () => {
    const common = new Set(Array.from({ length: 1000 }, (_, i) => i));
    const rare = new Set([3, 500, 2000]);
    expect([...intersect([common, rare])].sort((a, b) => a - b)).toEqual([3, 500]);
    expect([...intersect([rare, common])].sort((a, b) => a - b)).toEqual([3, 500]);
  });

  it("answers nothing for no words or a word found nowhere", () => {
    expect(intersect([]).size).toBe(0);
    expect(intersect([new Set([1, 2]), new Set()]).size).toBe(0);
  });
});

describe("search: the plan", () => {
  it("ranks a bounded set of matches and walks the facet beyond it", () => {
    expect(searchPlan(0)).toBe("none");
    expect(searchPlan(1)).toBe("rank");
    expect(searchPlan(RANK_LIMIT)).toBe("rank");
    expect(searchPlan(RANK_LIMIT + 1)).toBe("walk");
    expect(searchPlan(50_000)).toBe("walk");
    expect(searchPlan(11, 10)).toBe("walk");
  });

  it("reports an exact total when the walk is complete or the facet is all", () => {
    const base = { matches: 40_000, hits: 25, walked: 30, facetSize: 20_000 };
    expect(walkTotal({ ...base, facet: "open", complete: true })).toBe(25);
    expect(walkTotal({ ...base, facet: "all", complete: false })).toBe(40_000);
  });

  it("estimates a partial walk's total from the share matched, within what is known", () => {
    const base = { facet: "open" as const, complete: false, facetSize: 20_000 };
    // Half the entries walked matched: about half the facet.
    expect(walkTotal({ ...base, matches: 40_000, hits: 500, walked: 1000 })).toBe(10_000);
    // Never more than the matches, never fewer than the hits seen.
    expect(walkTotal({ ...base, matches: 3_000, hits: 900, walked: 1000 })).toBe(3_000);
    expect(walkTotal({ ...base, matches: 3_000, hits: 25, walked: 10_000_000 })).toBe(25);
  });
});
