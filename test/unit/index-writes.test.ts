/**
 * The index writes the local engine charges from stream images, by AWS's rules: key added is a
 * put, key removed a delete, key changed both, a projected attribute changed a put, anything
 * else nothing; each write is the entry's projected size in whole kilobytes.
 */
import { describe, expect, it } from "vitest";
import {
  entryOf,
  entryUnits,
  IndexWriteTally,
  indexWrite,
  type StreamImage,
  valueSize,
} from "../../infra/local/index-writes.ts";
import type { IndexDefinition } from "../../shared/db/table.ts";

const include: IndexDefinition = {
  name: "signers",
  partitionKey: "signersPK",
  sortKey: "signersSK",
  projection: { type: "INCLUDE", attributes: ["state", "email"] },
};
const keysOnly: IndexDefinition = { ...include, projection: { type: "KEYS_ONLY" } };
const byEmail: IndexDefinition = {
  name: "byEmail",
  partitionKey: "byEmailPK",
  sortKey: "byEmailSK",
  projection: { type: "KEYS_ONLY" },
};
const all: IndexDefinition = { ...include, name: "byState", projection: { type: "ALL" } };

const s = (S: string) => ({ S });
const item = (extra: StreamImage = {}): StreamImage => ({
  PK: s("SIGNATURE#1#e"),
  SK: s("SLOT#1"),
  state: s("pending"),
  email: s("a@example.com"),
  email_count: { N: "1" },
  ...extra,
});
const inIndex = (extra: StreamImage = {}) =>
  item({ signersPK: s("SIGNERS#1#0"), signersSK: s("1-1-e"), ...extra });

describe("index writes by AWS's rules", () => {
  it("charges nothing for an item in the index neither before nor after", () => {
    expect(indexWrite(item(), item({ state: s("validated") }), include)).toEqual({
      puts: 0,
      deletes: 0,
      units: 0,
    });
    expect(indexWrite(undefined, item(), include)).toEqual({ puts: 0, deletes: 0, units: 0 });
  });

  it("puts an entry when the item gains the index's keys, and deletes it when it loses them", () => {
    expect(indexWrite(item(), inIndex(), include)).toEqual({ puts: 1, deletes: 0, units: 1 });
    expect(indexWrite(undefined, inIndex(), include)).toEqual({ puts: 1, deletes: 0, units: 1 });
    expect(indexWrite(inIndex(), item(), include)).toEqual({ puts: 0, deletes: 1, units: 1 });
    expect(indexWrite(inIndex(), undefined, include)).toEqual({ puts: 0, deletes: 1, units: 1 });
  });

  it("deletes and puts when an index key changes", () => {
    expect(indexWrite(inIndex(), inIndex({ signersPK: s("SIGNERS#1#1") }), include)).toEqual({
      puts: 1,
      deletes: 1,
      units: 2,
    });
  });

  it("puts when a projected attribute changes, and charges nothing for one that is not projected", () => {
    expect(indexWrite(inIndex(), inIndex({ state: s("validated") }), include).units).toBe(1);
    expect(indexWrite(inIndex(), inIndex({ email_count: { N: "2" } }), include).units).toBe(0);
    expect(indexWrite(inIndex(), inIndex({ email_count: { N: "2" } }), all).units).toBe(1);
    expect(indexWrite(inIndex(), inIndex({ state: s("validated") }), keysOnly).units).toBe(0);
    // Map order is not a change.
    const a = inIndex({ m: { M: { x: s("1"), y: s("2") } } });
    const b = inIndex({ m: { M: { y: s("2"), x: s("1") } } });
    expect(indexWrite(a, b, all).units).toBe(0);
  });

  it("sizes an entry by its projected attributes and 100 bytes, in whole kilobytes", () => {
    const big = inIndex({ notes: s("n".repeat(5_000)), email: s("e".repeat(1_500)) });
    expect(Object.keys(entryOf(big, keysOnly) ?? {}).sort()).toEqual(["PK", "SK", "signersPK", "signersSK"]);
    expect(entryUnits(entryOf(big, keysOnly) ?? {})).toBe(1);
    expect(entryUnits(entryOf(big, include) ?? {})).toBe(2);
    expect(entryUnits(entryOf(big, all) ?? {})).toBe(7);
    expect(valueSize({ N: "12345" })).toBe(4);
    expect(valueSize({ L: [s("ab"), { BOOL: true }] })).toBe(3 + 1 + 2 + 1 + 1);
  });

  it("sums per index, only the indexes written", () => {
    const tally = new IndexWriteTally([include, byEmail]);
    tally.add(undefined, inIndex({ byEmailPK: s("EMAIL#x"), byEmailSK: s("t") }));
    tally.add(inIndex(), inIndex({ state: s("validated") }));
    tally.add(inIndex(), inIndex({ email_count: { N: "2" } }));
    const counts = {
      PK: s("PETITION#7"),
      SK: s("PETITION#COUNTS"),
      signersPK: s("SIGNERS#7#0"),
      signersSK: s("c"),
    };
    tally.add({ ...counts, n: { N: "1" } }, undefined);
    expect(tally.summary()).toEqual({
      records: 4,
      units: 4,
      byIndex: {
        byEmail: { puts: 1, deletes: 0, units: 1 },
        signers: { puts: 2, deletes: 1, units: 3 },
      },
      byItem: { "petition.petition_counts": 1, "signature.slot": 3 },
    });
  });
});
