/**
 * A petition record for writing straight to the table (tests and benchmarks that need many
 * petitions, or states another part of the service sets), free of any test framework.
 */
import type { StoredPetition } from "../../shared/petitions/store.ts";

export function petitionRecord(id: number, overrides: Partial<StoredPetition> = {}): StoredPetition {
  const now = new Date().toISOString();
  return {
    entity: "PETITION",
    id,
    action: `Direct petition ${id}`,
    background: "Written straight to the table.",
    additional_details: null,
    state: "open",
    creator_name: "Dana Direct",
    creator_signature_id: "none",
    sponsor_token: "none",
    signature_count: 0,
    sponsor_count: 0,
    by_country: {},
    by_constituency: {},
    by_region: {},
    created_at: now,
    updated_at: now,
    opened_at: now,
    response_state: "pending",
    debate_state: "pending",
    moderation_log: [],
    version: 1,
    ...overrides,
  };
}
