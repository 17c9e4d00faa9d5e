/**
 * Readers see the counts item's figures over the document's snapshot, never below zero: the
 * counts item sums deltas merged in any order, so a breakdown may dip below zero for a moment.
 */
import { describe, expect, it } from "vitest";
import { type CountsRecord, overlayCounts } from "../../shared/petitions/counts.ts";
import type { PetitionRecord } from "../../shared/petitions/model.ts";

const document = {
  id: 7,
  signature_count: 3,
  sponsor_count: 5,
  subscriber_count: 2,
  by_country: { GB: 3 },
  by_constituency: { E14000639: 3 },
  by_region: { E12000007: 3 },
  updated_at: "2026-12-07T00:00:00.000Z",
} as unknown as PetitionRecord;

const counts: CountsRecord = {
  entity: "COUNTS",
  petition_id: 7,
  signature_count: 10,
  sponsor_count: 5,
  subscriber_count: -1,
  by_country: { GB: 9, FR: 1 },
  by_constituency: { E14000639: 10, E14000640: -1 },
  by_region: { E12000007: 10 },
  version: 4,
  updated_at: "2026-12-07T00:01:00.000Z",
};

describe("overlayCounts", () => {
  it("shows the counts item's figures over the snapshot, and nothing below zero", () => {
    const shown = overlayCounts(document, counts);
    expect(shown.signature_count).toBe(10);
    expect(shown.subscriber_count).toBe(0);
    expect(shown.by_country).toEqual({ GB: 9, FR: 1 });
    expect(shown.by_constituency).toEqual({ E14000639: 10 });
    expect(shown.updated_at).toBe(document.updated_at);
  });

  it("leaves the snapshot as it is when no counter has written the counts item", () => {
    expect(overlayCounts(document, null)).toBe(document);
  });
});
