import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CountsRecord, countsOf } from "../../shared/petitions/counts.ts";
import type { StoredPetition } from "../../shared/petitions/store.ts";
import {
  type CountEntry,
  changeOf,
  changesByPetition,
  chunkRecords,
  type ShardRecord,
  sequenceAfter,
} from "../../shared/signatures/count.ts";
import {
  addChanges,
  documentAfter,
  hoursOfChanges,
  SNAPSHOT_SECONDS,
  snapshotDue,
} from "../../shared/signatures/count-merge.ts";
import { chunkDeltas } from "../../shared/signatures/count-write.ts";
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
  overrides: Partial<SignatureRecord> = {},
): CountEntry => ({
  signature: signature(n, overrides),
  delta,
  subscriberDelta,
  sequence: String(1000 + n),
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

/** The counts after adding `entries` to a petition's counts (its document's, as a first merge starts). */
function merged(p: StoredPetition, entries: CountEntry[]): { base: CountsRecord; next: CountsRecord } {
  const base = countsOf(p);
  return { base, next: { ...addChanges(base, [changeOf(entries)]), version: 1 } };
}

describe("a shard's records", () => {
  it("compare by sequence number as numbers, never as text", () => {
    expect(sequenceAfter("1000000000000000000010", "999000000000000000009")).toBe(true);
    expect(sequenceAfter("999000000000000000009", "1000000000000000000010")).toBe(false);
    expect(sequenceAfter("100", "100")).toBe(false);
    expect(sequenceAfter("100", null)).toBe(true);
  });

  it("split into prefixes of at most 98 petitions, every record once and in order", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(300), { nil: null }), { maxLength: 700 }), (petitions) => {
        const records: ShardRecord[] = petitions.map((p, n) => ({
          sequence: String(10_000 + n),
          entry: p === null ? null : entry(n, 1, 0, { petition_id: p }),
        }));
        const chunks = chunkRecords(records);
        expect(chunks.flat()).toEqual(records);
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          const touched = new Set(chunk.flatMap((r) => (r.entry ? [r.entry.signature.petition_id] : [])));
          expect(touched.size).toBeLessThanOrEqual(98);
        }
      }),
    );
  });

  it("net out per petition: a confirmation undone in the same chunk writes no delta", () => {
    const records: ShardRecord[] = [
      { sequence: "1", entry: entry(1, 1, 1, { petition_id: 7 }) },
      { sequence: "2", entry: entry(1, -1, -1, { petition_id: 7 }) },
      { sequence: "3", entry: entry(2, 1, 0, { petition_id: 8 }) },
    ];
    const changes = changesByPetition(records);
    expect([...changes.keys()]).toEqual([7, 8]);
    expect(changes.get(7)?.signature_count).toBe(0);
    expect(changes.get(8)).toMatchObject({ signature_count: 1, by_country: { GB: 1 }, added: 1 });
  });
});

describe("a delta", () => {
  it("holds the net change to the total, each breakdown and each hour, and what the lag needs", () => {
    const change = changeOf([
      entry(1, 1, 1),
      entry(2, 1, 0, { kind: "sponsor", validated_at: "2026-11-28T11:10:00.000Z" }),
      entry(3, -1, 0, { location: "FR", constituency: null, region: null }),
    ]);
    expect(change).toMatchObject({
      signature_count: 1,
      sponsor_count: 1,
      subscriber_count: 1,
      by_country: { GB: 2, FR: -1 },
      // +1 and -1 in hour 12 net out; the sponsor's hour keeps its one.
      hours: { "2026-11-28T11": 1 },
      added: 2,
      oldest_validated_at: "2026-11-28T11:10:00.000Z",
    });
    expect(Object.values(change.hours).reduce((a, b) => a + b, 0)).toBe(change.signature_count);
  });

  it("adds up in any order to the same counts (deltas of several shards commute)", () => {
    const arbitraryChange = fc
      .array(fc.record({ n: fc.nat(50), delta: fc.constantFrom<-1 | 1>(-1, 1) }), { maxLength: 10 })
      .map((drawn) => changeOf(drawn.map(({ n, delta }) => entry(n, delta, 0, { location: `C${n % 3}` }))));
    fc.assert(
      fc.property(fc.array(arbitraryChange, { maxLength: 8 }), (changes) => {
        const base = countsOf(petition());
        const forward = addChanges(base, changes);
        const backward = addChanges(base, [...changes].reverse());
        expect(backward).toEqual(forward);
        expect(forward.signature_count).toBe(changes.reduce((sum, c) => sum + c.signature_count, 0));
        expect(Object.values(hoursOfChanges(changes)).reduce((a, b) => a + b, 0)).toBe(
          forward.signature_count,
        );
      }),
    );
  });
});

describe("merging into a petition", () => {
  it("adds to the total and every breakdown, and marks a threshold crossed on the document", () => {
    const start = petition({ signature_count: 8, by_country: { GB: 8 } });
    const { base, next } = merged(
      start,
      Array.from({ length: 4 }, (_, i) => entry(i, 1)),
    );
    expect(next.signature_count).toBe(12);
    expect(next.by_country).toEqual({ GB: 12 });
    const { next: document, crossed } = documentAfter(start, base, next, settings, now);
    expect(crossed.crossedUp).toEqual(["response"]);
    expect(document?.threshold_candidate).toBe(true);
    expect(document?.signature_count).toBe(12);
    expect(document?.version).toBe(2);
  });

  it("moves a validated petition to sponsored once the supporters are there, stamping once", () => {
    const start = petition({ state: "validated", signature_count: 1 });
    const { base, next } = merged(
      start,
      Array.from({ length: 5 }, (_, i) => entry(i, 1, 0, { kind: "sponsor" })),
    );
    const { next: document } = documentAfter(start, base, next, settings, now);
    expect(document?.state).toBe("sponsored");
    expect(document?.sponsor_count).toBe(5);
    expect(document?.moderation_threshold_reached_at).toBe(now.toISOString());
  });

  it("clears the response stamp when invalidations drop the count below the threshold", () => {
    const start = petition({
      signature_count: 10,
      response_threshold_reached_at: now.toISOString(),
      response_state: "awaiting",
      by_country: { GB: 10 },
    });
    const { base, next } = merged(start, [entry(1, -1)]);
    const { next: document } = documentAfter(start, base, next, settings, now);
    expect(document?.signature_count).toBe(9);
    expect(document?.response_threshold_reached_at).toBeUndefined();
    expect(document?.response_state).toBe("pending");
  });

  it("leaves the document alone while its snapshot is younger than a minute, and says when it falls due", () => {
    const taken = new Date(now.getTime() - 10_000).toISOString();
    const start = petition({ signature_count: 1, by_country: { GB: 1 }, counts_snapshot_at: taken });
    const { base, next } = merged(start, [entry(1, 1)]);
    expect(documentAfter(start, base, next, settings, now).next).toBeNull();
    expect(snapshotDue(start, next)).toBe(
      new Date(Date.parse(taken) + SNAPSHOT_SECONDS * 1000).toISOString(),
    );
    // A minute on, the same merge refreshes it.
    const later = new Date(Date.parse(taken) + SNAPSHOT_SECONDS * 1000);
    const { next: document } = documentAfter(start, base, next, settings, later);
    expect(document).toMatchObject({ signature_count: 2, counts_snapshot_at: later.toISOString() });
  });

  it("never shows a figure below zero in the document, though the counts item may dip below", () => {
    const start = petition({ signature_count: 0, counts_snapshot_at: "2000-01-01T00:00:00.000Z" });
    const { base, next } = merged(start, [entry(1, -1)]);
    expect(next.signature_count).toBe(-1);
    expect(next.by_country).toEqual({ GB: -1 });
    const { next: document } = documentAfter(start, base, next, settings, now);
    // Nothing to show: the snapshot (0, no countries) already is the clamped counts.
    expect(document).toBeNull();
    expect(snapshotDue(start, next)).toBeNull();
  });
});

describe("splitting a petition's deltas into transactions", () => {
  const hourAt = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString().slice(0, 13);
  it("fits each delta's deletion and each distinct hour beside the counts and document", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(300), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 200 }),
        (drawn) => {
          const deltas = drawn.map((hours) => ({
            hours: Object.fromEntries(hours.map((h) => [hourAt(h), 1])),
          }));
          const chunk = chunkDeltas(deltas);
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk).toEqual(deltas.slice(0, chunk.length));
          const hours = new Set(chunk.flatMap((d) => Object.keys(d.hours)));
          expect(chunk.length === 1 || chunk.length + hours.size <= 95).toBe(true);
        },
      ),
    );
  });
});
