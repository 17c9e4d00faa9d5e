import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { hashKeyFor, keyedHash, parseKeySet, useHashKeys } from "../../shared/hash-key.ts";
import {
  emailSearchPartitions,
  ipSearchPartitions,
  searchIndexKeys,
} from "../../shared/signatures/search-keys.ts";
import { emailKeyOf } from "../../shared/signatures/tokens.ts";
import { hashed } from "../../shared/signatures/trending-sources.ts";

const KEY_A = "a".repeat(32);
const KEY_B = "b".repeat(32);

afterEach(() => useHashKeys(process.env.HASH_KEY ?? KEY_A));

describe("hashes of personal data", () => {
  it("are keyed: another key gives another hash, and none is the plain SHA-256", () => {
    const email = "someone@example.com";
    useHashKeys(KEY_A);
    const [a, trendA] = [emailKeyOf(email), hashed("ip", "198.51.100.1")];
    useHashKeys(KEY_B);
    const [b, trendB] = [emailKeyOf(email), hashed("ip", "198.51.100.1")];
    expect(a).not.toBe(b);
    expect(trendA).not.toBe(trendB);
    const plain = createHash("sha256").update(`petitions:${email}`, "utf8").digest("base64url").slice(0, 22);
    expect([a, b]).not.toContain(plain);
    const plainIp = createHash("sha256").update("ip:198.51.100.1").digest("base64url").slice(0, 16);
    expect([trendA, trendB]).not.toContain(`ip#${plainIp}`);
  });

  it("are stable under one key, and differ by purpose", () => {
    useHashKeys(KEY_A);
    expect(keyedHash("ip", "x")).toBe(keyedHash("ip", "x"));
    expect(keyedHash("ip", "x")).not.toBe(keyedHash("domain", "x"));
  });
});

describe("a rotated key set", () => {
  const rotated = JSON.stringify({
    id: "k2",
    key: KEY_B,
    fromPetition: 500,
    previous: [{ id: "k1", key: KEY_A, fromPetition: 0 }],
  });

  it("keeps each petition on the key it started with, and gives counters the newest", () => {
    useHashKeys(rotated);
    expect(hashKeyFor(499).id).toBe("k1");
    expect(hashKeyFor(500).id).toBe("k2");
    expect(hashKeyFor().id).toBe("k2");
    const before = emailKeyOf("someone@example.com", 10);
    useHashKeys(KEY_A);
    expect(emailKeyOf("someone@example.com", 10)).toBe(before);
  });

  it("lets a search across petitions find a signature under whichever live key hashed it", () => {
    useHashKeys(rotated);
    const signature = (petition_id: number) =>
      ({
        id: `${petition_id}-1-x`,
        petition_id,
        created_at: "2026-12-07T00:00:00.000Z",
        ip: "198.51.100.7",
      }) as Parameters<typeof searchIndexKeys>[0];
    const email = "someone@example.com";
    const old = searchIndexKeys(signature(10), emailKeyOf(email, 10));
    const recent = searchIndexKeys(signature(600), emailKeyOf(email, 600));
    expect(old.byEmailPK).not.toBe(recent.byEmailPK);
    expect(emailSearchPartitions(email).sort()).toEqual([old.byEmailPK, recent.byEmailPK].sort());
    expect(ipSearchPartitions(" 198.51.100.7 ").sort()).toEqual([old.byIpPK, recent.byIpPK].sort());
    // Once the old key leaves the secret, its signatures are no longer searched for by it.
    useHashKeys(KEY_B);
    expect(emailSearchPartitions(email)).toEqual([recent.byEmailPK]);
  });

  it("refuses a short or malformed key", () => {
    expect(() => parseKeySet("short")).toThrow(/too short/);
    expect(() => parseKeySet(JSON.stringify({ id: "k", key: "short" }))).toThrow(/malformed/);
  });
});
