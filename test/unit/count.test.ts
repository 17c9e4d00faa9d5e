import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredPetition } from "../../shared/petitions/store.ts";
import {
  applyEntries,
  type CountEntry,
  chunkEntries,
  hourOf,
  mergeEntries,
  rebase,
  targetOf,
} from "../../shared/signatures/count.ts";
import type { SignatureRecord } from "../../shared/signatures/model.ts";
import { signatureRecord } from "../support/signature-record.ts";

const settings = { THRESHOLD_FOR_MODERATION: 5, THRESHOLD_FOR_RESPONSE: 10, THRESHOLD_FOR_DEBATE: 20 };
const now = new Date("2026-11-28T12:00:00.000Z");

const signature = (n: number, overrides: Partial<SignatureRecord> = {}): SignatureRecord =>
  signatureRecord(n, now, overrides);

const entry = (
  n: number,
  delta: -1 | 0 | 1,
  subscriberDelta: -1 | 0 | 1 = 0,
  overrides = {},
): CountEntry => ({
  signature: signature(n, overrides),
  delta,
  subscriberDelta,
  before: { counted: delta < 0, subscribed: subscriberDelta < 0 },
  sequence: String(n),
});

function petition(overrides: Partial<StoredPetition> = {}): StoredPetition {
  return {
    entity: "PETITION",
    id: 1,
    action: "a",
    background: "b",
    additional_details: null,
    state: "open",
    creator_name: "c",
    creator_signature_id: "x",
    sponsor_token: "t",
    signature_count: 0,
    sponsor_count: 0,
    by_country: {},
    by_constituency: {},
    by_region: {},
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    response_state: "pending",
    debate_state: "pending",
    moderation_log: [],
    version: 1,
    ...overrides,
  };
}

describe("a batch holding two changes to one signature", () => {
  it("becomes one entry that starts where the first began", () => {
    const confirmed = entry(1, 1, 1);
    const unsubscribed = { ...entry(1, 0, -1), before: { counted: true, subscribed: true } };
    const merged = mergeEntries([confirmed, unsubscribed]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.delta).toBe(1);
    expect(merged[0]?.subscriberDelta).toBe(0);
    expect(merged[0]?.before).toEqual({ counted: false, subscribed: false });
  });

  it("stays when the changes cancel out: a replay may have applied the first already", () => {
    const on = entry(2, 1);
    const off = { ...entry(2, -1), before: { counted: true, subscribed: false } };
    const merged = mergeEntries([on, off]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.delta).toBe(0);
    expect(merged[0] && targetOf(merged[0])).toEqual({ counted: false, subscribed: false });
  });
});

describe("rebasing an entry on its signature's mark", () => {
  it("applies what is left when a replay applied the first change of a merged pair", () => {
    const on = entry(2, 1);
    const off = { ...entry(2, -1), before: { counted: true, subscribed: false } };
    const [merged] = mergeEntries([on, off]);
    const left = merged && rebase(merged, { counted: true, subscribed: false });
    expect(left?.delta).toBe(-1);
    expect(left?.before).toEqual({ counted: true, subscribed: false });
  });

  it("leaves nothing when the mark already holds the entry's outcome", () => {
    expect(rebase(entry(3, 1, 1), { counted: true, subscribed: true })).toBeNull();
  });

  it("adds only the part not yet applied", () => {
    const left = rebase(entry(4, 1, 1), { counted: true, subscribed: false });
    expect(left).toMatchObject({ delta: 0, subscriberDelta: 1 });
  });
});

describe("adding entries to a petition", () => {
  it("adds to the total and every breakdown, and marks a threshold crossed", () => {
    const entries = Array.from({ length: 4 }, (_, i) => entry(i, 1));
    const { next, crossed } = applyEntries(petition({ signature_count: 8 }), entries, settings, now);
    expect(next.signature_count).toBe(12);
    expect(next.by_country).toEqual({ GB: 4 });
    expect(next.by_constituency).toEqual({ E14000001: 4 });
    expect(next.by_region).toEqual({ E12000007: 4 });
    expect(crossed.crossedUp).toEqual(["response"]);
    expect(next.threshold_candidate).toBe(true);
    expect(next.version).toBe(2);
  });

  it("moves a validated petition to sponsored once the supporters are there, stamping once", () => {
    const sponsors = Array.from({ length: 5 }, (_, i) => entry(i, 1, 0, { kind: "sponsor" }));
    const { next } = applyEntries(
      petition({ state: "validated", signature_count: 1 }),
      sponsors,
      settings,
      now,
    );
    expect(next.state).toBe("sponsored");
    expect(next.sponsor_count).toBe(5);
    expect(next.moderation_threshold_reached_at).toBe(now.toISOString());
  });

  it("clears the response stamp when invalidations drop the count below the threshold", () => {
    const start = petition({
      signature_count: 10,
      response_threshold_reached_at: now.toISOString(),
      response_state: "awaiting",
      by_country: { GB: 10 },
    });
    const { next } = applyEntries(
      start,
      [{ ...entry(1, -1), before: { counted: true, subscribed: false } }],
      settings,
      now,
    );
    expect(next.signature_count).toBe(9);
    expect(next.response_threshold_reached_at).toBeUndefined();
    expect(next.response_state).toBe("pending");
  });
});

describe("splitting a petition's entries into transactions", () => {
  const hourAt = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
  const arbitraryEntries = fc
    .array(fc.record({ hour: fc.nat(400), delta: fc.constantFrom<-1 | 0 | 1>(-1, 0, 1) }), {
      maxLength: 600,
    })
    .map((drawn) =>
      drawn.map(({ hour, delta }, n) =>
        entry(n, delta, delta === 0 ? 1 : 0, { validated_at: hourAt(hour), created_at: hourAt(hour) }),
      ),
    );

  it("keeps every entry once, in order, and never needs more than 97 writes for marks and hours", () => {
    fc.assert(
      fc.property(arbitraryEntries, (entries) => {
        const chunks = chunkEntries(entries);
        expect(chunks.flat()).toEqual(entries);
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          const hours = new Set(
            chunk.filter((e) => e.delta !== 0).map((e) => hourOf(e.signature.validated_at ?? "")),
          );
          expect(chunk.length + hours.size).toBeLessThanOrEqual(97);
        }
      }),
    );
  });

  it("fills a transaction when the signatures share one hour", () => {
    const entries = Array.from({ length: 200 }, (_, n) => entry(n, 1));
    expect(chunkEntries(entries).map((c) => c.length)).toEqual([96, 96, 8]);
  });

  it("makes smaller writes for signatures confirmed over many hours, as a backlog or a bulk load is", () => {
    const entries = Array.from({ length: 100 }, (_, n) =>
      entry(n, 1, 0, { validated_at: hourAt(n), created_at: hourAt(n) }),
    );
    expect(chunkEntries(entries).map((c) => c.length)).toEqual([48, 48, 4]);
  });
});
