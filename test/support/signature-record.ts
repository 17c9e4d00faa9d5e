/** A stored signature for unit tests of the counter: validated, counted nowhere yet. */
import type { SignatureRecord } from "../../shared/signatures/model.ts";

export function signatureRecord(
  n: number,
  at: Date,
  overrides: Partial<SignatureRecord> = {},
): SignatureRecord {
  return {
    entity: "SIGNATURE",
    id: `1-1-${String(n).padStart(22, "a")}`,
    petition_id: 1,
    slot: 1,
    kind: "signer",
    name: "",
    email: "",
    postcode: null,
    location: "GB",
    constituency: "E14000001",
    region: "E12000007",
    ip: "",
    state: "validated",
    notify_by_email: false,
    token_hashes: [],
    unsubscribe_token: "",
    email_count: 1,
    created_at: at.toISOString(),
    validated_at: at.toISOString(),
    ...overrides,
  };
}
