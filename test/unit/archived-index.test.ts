/** An archived petition leaves every live list: its index attributes and facets. */
import { describe, expect, it } from "vitest";
import { facetKeys } from "../../shared/petitions/facets.ts";
import { indexAttributes } from "../../shared/petitions/items.ts";

const closed = {
  id: 42,
  state: "closed" as const,
  signature_count: 12,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-06-01T00:00:00.000Z",
  opened_at: "2026-01-02T00:00:00.000Z",
  closed_at: "2026-06-01T00:00:00.000Z",
  debate_state: "pending" as const,
};

describe("an archived petition's index attributes", () => {
  it("are in the live lists while it is not archived", () => {
    const attributes = indexAttributes(closed);
    expect(attributes).toMatchObject({ byStatePK: "STATE#closed", visiblePK: "VISIBLE" });
    expect(Object.keys(facetKeys(closed))).toContain("closed");
  });

  it("leave every list once archived, and keep it due for anonymisation", () => {
    const archived = { ...closed, archived_in: 3 };
    expect(indexAttributes(archived)).toEqual({
      duePK: "ANONYMISE",
      dueSK: `2026-06-01T00:00:00.000Z#${String(42).padStart(12, "0")}`,
    });
    expect(facetKeys(archived)).toEqual({});
  });
});
