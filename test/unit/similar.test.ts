import { describe, expect, it } from "vitest";
import { CANDIDATES, rankSimilar } from "../../shared/search/similar.ts";

describe("ranking similar petitions by shared words", () => {
  it("puts more shared words first, rarer words first among equals, and never the petition itself", () => {
    const common = new Set([1, 2, 3, 4, 5, 6]);
    const rare = new Set([2, 7]);
    const rarer = new Set([3, 7]);
    expect(rankSimilar([common, rare, rarer], 1)).toEqual([7, 3, 2]);
  });

  it("needs two shared words, or one for a one-word text", () => {
    expect(rankSimilar([new Set([1, 2]), new Set([3])], null)).toEqual([]);
    expect(rankSimilar([new Set([1, 2])], null)).toEqual([2, 1]);
  });

  it("keeps at most the candidates it will look at", () => {
    const ids = new Set(Array.from({ length: 100 }, (_, i) => i));
    expect(rankSimilar([ids, ids], null)).toHaveLength(CANDIDATES);
  });
});
