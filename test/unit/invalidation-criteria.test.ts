import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Candidate,
  type Criteria,
  criteriaSchema,
  ipInBlock,
  likePattern,
  matcher,
  newInvalidationSchema,
  parseIpBlock,
  postcodeCriterion,
  scopeOf,
} from "../../shared/domain/invalidation.ts";

const signature = (overrides: Partial<Candidate> = {}): Candidate => ({
  petition_id: 700001,
  name: "Sam Signer",
  email: "Sam.Signer+news@Gmail.com",
  ip: "192.0.2.10",
  postcode: "SW1A 1AA",
  constituency: "E14000639",
  location: "GB",
  created_at: "2026-12-07T10:00:00.000Z",
  ...overrides,
});

const matches = (criteria: Record<string, unknown>, s: Candidate = signature(), stripPlusTag = true) =>
  matcher(criteriaSchema.parse(criteria) as Criteria, { stripPlusTag })(s);

describe("wildcards", () => {
  it("% stands for any run of characters and nothing else is special", () => {
    expect(likePattern("sam%").test("Sam Signer")).toBe(true);
    expect(likePattern("%signer").test("Sam Signer")).toBe(true);
    expect(likePattern("s.m%").test("Sam Signer")).toBe(false);
    expect(likePattern("a(b)%").test("a(b)c")).toBe(true);
    expect(likePattern("sam").test("Sam Signer")).toBe(false);
  });

  it("a pattern made of a string's own pieces around % matches it", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        expect(likePattern(`${a}%${c}`).test(`${a}${b}${c}`)).toBe(true);
        expect(likePattern(`${a}${b}${c}`.replaceAll("%", "")).test(`${a}${b}${c}`.replaceAll("%", ""))).toBe(
          true,
        );
      }),
    );
  });

  it("matches names and emails by pattern, case aside; a plain email by its canonical form", () => {
    expect(matches({ name: "sam%" })).toBe(true);
    expect(matches({ name: "%jones" })).toBe(false);
    expect(matches({ email: "%@gmail.com" })).toBe(true);
    expect(matches({ email: "samsigner@gmail.com" })).toBe(true);
    expect(matches({ email: "samsigner@gmail.com" }, signature(), false)).toBe(false);
    expect(matches({ email: "other@gmail.com" })).toBe(false);
  });
});

describe("IP addresses and CIDR blocks", () => {
  it("matches IPv4 addresses inside a block and no others", () => {
    expect(matches({ ip: "192.0.2.0/24" })).toBe(true);
    expect(matches({ ip: "192.0.3.0/24" })).toBe(false);
    expect(matches({ ip: "192.0.2.10" })).toBe(true);
    expect(matches({ ip: "0.0.0.0/0" })).toBe(true);
    expect(matches({ ip: "192.0.2.0/24" }, signature({ ip: "::ffff:192.0.2.99" }))).toBe(true);
    expect(matches({ ip: "192.0.2.0/24" }, signature({ ip: "2001:db8::1" }))).toBe(false);
  });

  it("matches IPv6 addresses inside a block, in any of their spellings", () => {
    const s = signature({ ip: "2001:db8:0:0:0:0:0:1" });
    expect(matches({ ip: "2001:db8::/32" }, s)).toBe(true);
    expect(matches({ ip: "2001:db8::1" }, s)).toBe(true);
    expect(matches({ ip: "2001:db9::/32" }, s)).toBe(false);
    expect(ipInBlock("::1", parseIpBlock("::/127") ?? { version: 6, base: 0n, prefix: 0 })).toBe(true);
  });

  it("an IPv4 address is in a block exactly when its first prefix bits agree", () => {
    const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    fc.assert(
      fc.property(octets, octets, fc.integer({ min: 0, max: 32 }), (a, b, prefix) => {
        const value = (o: number[]) => o.reduce((n, x) => n * 256 + x, 0);
        const block = parseIpBlock(`${a.join(".")}/${prefix}`);
        const same =
          prefix === 0 ||
          Math.floor(value(a) / 2 ** (32 - prefix)) === Math.floor(value(b) / 2 ** (32 - prefix));
        expect(block && ipInBlock(b.join("."), block)).toBe(same);
      }),
    );
  });

  it("an IPv6 block contains the addresses sharing its prefix", () => {
    const groups = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(groups, groups, fc.integer({ min: 0, max: 128 }), (a, b, prefix) => {
        const text = (g: number[]) => g.map((x) => x.toString(16)).join(":");
        const big = (g: number[]) => g.reduce((n, x) => (n << 16n) | BigInt(x), 0n);
        const shift = BigInt(128 - prefix);
        const block = parseIpBlock(`${text(a)}/${prefix}`);
        expect(block && ipInBlock(text(b), block)).toBe(big(a) >> shift === big(b) >> shift);
        expect(block && ipInBlock(text(a), block)).toBe(true);
      }),
    );
  });

  it("refuses what is not an address or block", () => {
    for (const bad of ["192.0.2.0/33", "::/129", "192.0.2", "example.com", "1.2.3.4/8/8", "1.2.3.4/x"]) {
      expect(parseIpBlock(bad), bad).toBeNull();
    }
  });
});

describe("postcodes and sectors", () => {
  it("a full postcode matches itself in any spacing; a sector matches its postcodes", () => {
    expect(matches({ postcode: "sw1a1aa" })).toBe(true);
    expect(matches({ postcode: "SW1A 1AB" })).toBe(false);
    expect(matches({ postcode: "SW1A 1" })).toBe(true);
    expect(matches({ postcode: "SW1A1XXX" })).toBe(true);
    expect(matches({ postcode: "SW1A 2" })).toBe(false);
    // W1 1 is a sector of W1, not of W11.
    expect(matches({ postcode: "W1 1" }, signature({ postcode: "W1 1AA" }))).toBe(true);
    expect(matches({ postcode: "W1 1" }, signature({ postcode: "W11 1AA" }))).toBe(false);
    expect(matches({ postcode: "SW1A 1" }, signature({ postcode: null }))).toBe(false);
    expect(postcodeCriterion("not a postcode")).toBeNull();
  });
});

describe("dates, places and petitions", () => {
  it("created_after is inclusive and created_before exclusive", () => {
    const at = "2026-12-07T10:00:00.000Z";
    expect(matches({ created_after: at })).toBe(true);
    expect(matches({ created_before: at })).toBe(false);
    expect(
      matches({ created_after: "2026-12-07T09:00:00Z", created_before: "2026-12-07T11:00:00+01:00" }),
    ).toBe(false);
    expect(
      matches({ created_after: "2026-12-07T09:00:00Z", created_before: "2026-12-07T12:00:00+01:00" }),
    ).toBe(true);
  });

  it("every criterion given must hold", () => {
    expect(matches({ petition_id: 700001, constituency_id: "e14000639", location_code: "gb" })).toBe(true);
    expect(matches({ petition_id: 700002 })).toBe(false);
    expect(matches({ domain: "@GMAIL.com" })).toBe(true);
    expect(matches({ domain: "gmail.com", location_code: "FR" })).toBe(false);
  });

  it("one email on one petition is read by its key; anything else by the petitions' signers", () => {
    expect(scopeOf({ petition_id: 1, email: "a@b.com" }).kind).toBe("email");
    expect(scopeOf({ petition_id: 1, email: "a%@b.com" }).kind).toBe("petitions");
    expect(scopeOf({ email: "a@b.com" }).kind).toBe("petitions");
  });
});

describe("a new invalidation", () => {
  const fieldOf = (input: unknown) => {
    const result = newInvalidationSchema.safeParse(input);
    return result.success ? null : result.error.issues.map((i) => i.path.join("."));
  };

  it("needs a summary and at least one criterion, and names the field at fault", () => {
    expect(fieldOf({ summary: "Bots", domain: "example.com" })).toBeNull();
    expect(fieldOf({ summary: "Bots" })).toEqual(["criteria"]);
    expect(fieldOf({ domain: "example.com" })).toEqual(["summary"]);
    expect(fieldOf({ summary: "x", ip: "999.1.1.1" })).toEqual(["ip"]);
    expect(fieldOf({ summary: "x", petition_id: 1.5 })).toEqual(["petition_id"]);
    expect(fieldOf({ summary: "x", created_after: "yesterday" })).toEqual(["created_after"]);
    expect(
      fieldOf({
        summary: "x",
        created_after: "2026-12-07T10:00:00Z",
        created_before: "2026-12-07T09:00:00Z",
      }),
    ).toEqual(["created_before"]);
  });
});
