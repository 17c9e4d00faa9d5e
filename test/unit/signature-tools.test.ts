import { describe, expect, it } from "vitest";
import { planAction } from "../../shared/domain/signature-actions.ts";
import { matchesSearch, normaliseSearchValue, windowHours } from "../../shared/domain/signature-search.ts";
import { allowEntryProblem, allowMatcher } from "../../shared/domain/trend-allow.ts";

describe("a search window", () => {
  it("reads hours, days and bare hours up to 90 days", () => {
    expect(windowHours("24h")).toBe(24);
    expect(windowHours("7d")).toBe(168);
    expect(windowHours("36")).toBe(36);
    expect(windowHours("90d")).toBe(2160);
  });
  it("refuses anything else", () => {
    for (const text of ["", "0h", "91d", "2w", "1.5h", "-3", "h"]) expect(windowHours(text)).toBeNull();
  });
});

describe("which signatures a search matches", () => {
  const signature = {
    email: "Jo.Bloggs@Example.COM",
    ip: "192.0.2.7",
    name: "Jo Bloggs",
    postcode: "SW1A1AA",
    created_at: "2026-12-07T10:00:00.000Z",
  };
  const matches = (kind: Parameters<typeof matchesSearch>[1], value: string, since?: string) =>
    matchesSearch(signature, kind, normaliseSearchValue(kind, value), since);

  it("compares emails and domains without case, postcodes by their sanitised form, names by part", () => {
    expect(matches("email", "jo.bloggs@example.com")).toBe(true);
    expect(matches("domain", "EXAMPLE.com")).toBe(true);
    expect(matches("domain", "mail.example.com")).toBe(false);
    expect(matches("postcode", "sw1a 1aa")).toBe(true);
    expect(matches("postcode", "SW1A 2AA")).toBe(false);
    expect(matches("name", "bloggs")).toBe(true);
    expect(matches("ip", "192.0.2.7")).toBe(true);
    expect(matches("ip", "192.0.2.70")).toBe(false);
  });
  it("keeps only signatures made within the window", () => {
    expect(matches("ip", "192.0.2.7", "2026-12-07T09:00:00.000Z")).toBe(true);
    expect(matches("ip", "192.0.2.7", "2026-12-07T11:00:00.000Z")).toBe(false);
  });
});

describe("what an action does to a signature", () => {
  const base = { kind: "signer", state: "validated", notify_by_email: true, counted: true } as const;
  it("validates anything not validated, but leaves a creator to their own link", () => {
    expect(planAction("validate", { ...base, state: "fraudulent" })).toEqual({
      outcome: "change",
      how: "validate",
    });
    expect(planAction("validate", base)).toEqual({ outcome: "unchanged" });
    expect(planAction("validate", { ...base, kind: "creator", state: "pending" }).outcome).toBe("refused");
  });
  it("deletes a counted signature by counting it out first, an uncounted one outright", () => {
    expect(planAction("delete", base)).toEqual({ outcome: "change", how: "scrub" });
    expect(planAction("delete", { ...base, state: "invalidated", counted: true })).toEqual({
      outcome: "change",
      how: "scrub",
    });
    expect(planAction("delete", { ...base, state: "pending", counted: false })).toEqual({
      outcome: "change",
      how: "remove",
    });
    expect(planAction("delete", { ...base, deleted_at: "2026-12-07T00:00:00Z" })).toEqual({
      outcome: "unchanged",
    });
  });
  it("never unsubscribes a creator or a pending signature", () => {
    expect(planAction("unsubscribe", { ...base, kind: "creator" }).outcome).toBe("refused");
    expect(planAction("unsubscribe", { ...base, state: "pending" }).outcome).toBe("refused");
    expect(planAction("unsubscribe", base)).toEqual({ outcome: "change", how: "unsubscribe" });
    expect(planAction("subscribe", base)).toEqual({ outcome: "unchanged" });
    expect(planAction("invalidate", { ...base, state: "pending" })).toEqual({
      outcome: "change",
      how: "invalidate",
    });
  });
});

describe("the trending allow list", () => {
  it("takes IPs, CIDR blocks of either family and domain patterns", () => {
    for (const [kind, value] of [
      ["ip", "192.0.2.1"],
      ["ip", "192.0.2.0/24"],
      ["ip", "2001:db8::/32"],
      ["domain", "example.ac.uk"],
      ["domain", "*.example.ac.uk"],
    ] as const)
      expect(allowEntryProblem(kind, value)).toBeNull();
    for (const [kind, value] of [
      ["ip", "192.0.2.0/33"],
      ["ip", "2001:db8::/129"],
      ["ip", "example.com"],
      ["ip", "192.0.2.0/24/8"],
      ["domain", "not a domain"],
    ] as const)
      expect(allowEntryProblem(kind, value)).not.toBeNull();
  });
  it("matches addresses inside a block and domains by pattern", () => {
    const allowed = allowMatcher([
      { kind: "ip", value: "192.0.2.0/24" },
      { kind: "ip", value: "198.51.100.7" },
      { kind: "ip", value: "2001:db8::/32" },
      { kind: "domain", value: "*.example.ac.uk" },
    ]);
    expect(allowed.ip("192.0.2.200")).toBe(true);
    expect(allowed.ip("192.0.3.1")).toBe(false);
    expect(allowed.ip("198.51.100.7")).toBe(true);
    expect(allowed.ip("198.51.100.8")).toBe(false);
    expect(allowed.ip("2001:db8:1::5")).toBe(true);
    expect(allowed.ip("not an ip")).toBe(false);
    expect(allowed.domain("cs.example.ac.uk")).toBe(true);
    expect(allowed.domain("example.ac.uk")).toBe(false);
  });
});
