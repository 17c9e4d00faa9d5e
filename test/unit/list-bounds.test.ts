import { describe, expect, it } from "vitest";
import { MAX_CSV_BYTES } from "../../shared/petitions/csv.ts";
import { CSV_PART_BYTES, csvCacheKey, MAX_CSV_PARTS, splitRows } from "../../shared/petitions/csv-cache.ts";
import { deepestPage, LIST_DEPTH } from "../../shared/petitions/listing.ts";

describe("list depth", () => {
  it("keeps the deepest page of every count within the listed depth", () => {
    for (const count of [1, 7, 25, 50]) {
      const deepest = deepestPage(count);
      expect(deepest * count).toBeLessThanOrEqual(LIST_DEPTH);
      expect((deepest + 1) * count).toBeGreaterThan(LIST_DEPTH);
    }
  });
});

describe("the CSV cache", () => {
  it("keys a search by its words, whatever their order, case or accents", () => {
    expect(csvCacheKey({ state: "open", q: "Crème Libraries" })).toBe(
      csvCacheKey({ state: "open", q: "library creme" }),
    );
    expect(csvCacheKey({ state: "open", q: "creme" })).not.toBe(csvCacheKey({ state: "closed", q: "creme" }));
    expect(csvCacheKey({ state: "open", q: undefined })).not.toBe(csvCacheKey({ state: "open", q: "creme" }));
  });

  it("splits a body into whole rows under the part size, and joins back to the same body", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `"Pétition ${i}",https://x/${i},open,${i}\n`);
    const body = `Petition,URL,State,Signatures Count\n${rows.join("")}`;
    const parts = splitRows(body, 10_000);
    expect(parts.length).toBeGreaterThan(10);
    expect(parts.join("")).toBe(body);
    for (const part of parts) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(10_000);
      expect(part.endsWith("\n")).toBe(true);
    }
    expect(splitRows("")).toEqual([""]);
  });

  it("needs at most MAX_CSV_PARTS parts for the largest CSV", () => {
    expect(Math.ceil(MAX_CSV_BYTES / CSV_PART_BYTES)).toBeLessThanOrEqual(MAX_CSV_PARTS);
  });
});
