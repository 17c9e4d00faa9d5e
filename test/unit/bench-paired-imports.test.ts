import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importBlocks, pairedRatios } from "../bench/paired-imports.ts";

const probeMaps = fc
  .uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom("p1", "p2", "p3")), {
    selector: ([fn]) => fn,
    maxLength: 60,
    size: "max",
  })
  .map((entries) => new Map(entries));

describe("the cold-import bench's blocks", () => {
  it("hold every function once, beside its own probe, at most `size` to a block and evenly", () => {
    fc.assert(
      fc.property(probeMaps, fc.integer({ min: 1, max: 10 }), (probeOf, size) => {
        const blocks = importBlocks(probeOf, size);
        const placed = blocks.flatMap((block) => block.functions);
        expect(placed.sort()).toEqual([...probeOf.keys()].sort());
        for (const block of blocks) {
          expect(block.functions.length).toBeGreaterThan(0);
          expect(block.functions.length).toBeLessThanOrEqual(size);
          for (const fn of block.functions) expect(probeOf.get(fn)).toBe(block.probe);
        }
        // As few blocks as `size` allows for each probe, differing in length by at most one.
        for (const probe of new Set(probeOf.values())) {
          const lengths = blocks.filter((b) => b.probe === probe).map((b) => b.functions.length);
          const functions = [...probeOf.values()].filter((p) => p === probe).length;
          expect(lengths.length).toBe(Math.ceil(functions / size));
          expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("split 7 functions into 4 and 3 when at most 6 fit", () => {
    const probeOf = new Map(["a", "b", "c", "d", "e", "f", "g"].map((fn) => [fn, "p"]));
    expect(importBlocks(probeOf, 6).map((b) => b.functions)).toEqual([
      ["a", "b", "c", "d"],
      ["e", "f", "g"],
    ]);
    const thirteen = new Map([..."abcdefghijklm"].map((fn) => [fn, "p"]));
    expect(importBlocks(thirteen, 6).map((b) => b.functions.length)).toEqual([5, 4, 4]);
  });

  it("refuse a block size that is not a positive whole number", () => {
    expect(() => importBlocks(new Map([["a", "p"]]), 0)).toThrow("Not a block size: 0");
    expect(() => importBlocks(new Map([["a", "p"]]), 1.5)).toThrow(RangeError);
  });
});

describe("a paired ratio", () => {
  it("is the function's import over the mean of the probe imports around its block", () => {
    const ratios = pairedRatios({
      probeBefore: 40,
      functions: new Map([
        ["A", 60],
        ["B", 45],
      ]),
      probeAfter: 50,
    });
    expect(ratios).toEqual(
      new Map([
        ["A", 60 / 45],
        ["B", 1],
      ]),
    );
  });

  it("needs a probe time", () => {
    expect(() => pairedRatios({ probeBefore: 0, functions: new Map([["A", 1]]), probeAfter: 0 })).toThrow(
      "No probe time",
    );
  });
});
