import { describe, expect, it } from "vitest";
import { facetKeys } from "../../shared/petitions/facets.ts";
import type { PetitionRecord } from "../../shared/petitions/model.ts";
import { queryWords, words } from "../../shared/search/text.ts";

describe("search words", () => {
  it("ignore case and accents", () => {
    expect(words("Café CRÈME brûlée")).toEqual(["cafe", "creme", "brulee"]);
    expect(queryWords("cafe")).toEqual(words("CAFÉ"));
  });

  it("drop common words and fold plurals", () => {
    expect(words("Fund the libraries of the UK")).toEqual(["fund", "library", "uk"]);
    expect(words("petitions")).toEqual(words("petition"));
  });
});

const base = {
  id: 7,
  state: "open",
  signature_count: 12,
  created_at: "2025-01-01T00:00:00.000Z",
  opened_at: "2025-01-02T00:00:00.000Z",
  debate_state: "pending",
  response_state: "pending",
} as PetitionRecord;

describe("facet membership", () => {
  it("lists an open petition under all, open and recent", () => {
    expect(Object.keys(facetKeys(base)).sort()).toEqual(["all", "open", "recent"]);
  });

  it("lists a petition awaiting a response until the response comes", () => {
    const waiting = { ...base, response_threshold_reached_at: "2025-02-01T00:00:00.000Z" };
    expect(facetKeys(waiting).awaiting_response).toBeDefined();
    const answered = { ...waiting, government_response_at: "2025-03-01T00:00:00.000Z" };
    expect(facetKeys(answered).awaiting_response).toBeUndefined();
    expect(facetKeys(answered).with_response).toBeDefined();
  });

  it("orders awaiting debate by scheduled date, unscheduled last", () => {
    const scheduled = facetKeys({ ...base, debate_state: "scheduled", scheduled_debate_date: "2025-05-01" });
    const waiting = facetKeys({ ...base, id: 8, debate_state: "awaiting" });
    expect((scheduled.awaiting_debate ?? "") < (waiting.awaiting_debate ?? "")).toBe(true);
  });

  it("lists no hidden petition", () => {
    expect(
      facetKeys({ ...base, state: "hidden", government_response_at: "2025-03-01T00:00:00.000Z" }),
    ).toEqual({});
  });
});
