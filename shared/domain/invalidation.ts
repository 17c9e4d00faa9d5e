/**
 * Bulk invalidation criteria, as e-petitions' `Invalidation`: which signatures a sysadmin's
 * invalidation names. Pure: the schema staff submit, and whether one signature matches.
 *
 * - `name` and `email` take `%` as "any run of characters", case aside; an email without `%` is
 *   compared in its canonical form (the form duplicates are judged by).
 * - `domain` is the email's domain, exactly.
 * - `ip` is an address or a CIDR block, IPv4 or IPv6 (an IPv4-mapped IPv6 address is its IPv4).
 * - `postcode` is a full postcode, or a sector: the outward code and the sector digit
 *   (`SW1A 1`, or e-petitions' `SW1A1XXX`).
 * - `created_after` is inclusive and `created_before` exclusive.
 */
import { isIP } from "node:net";
import * as z from "../zod.ts";
import { canonicalEmail, emailDomain } from "./email.ts";
import { sanitisePostcode } from "./postcode.ts";

const text = (field: string, max: number) =>
  z
    .string({ error: `The ${field} must be text` })
    .check(
      z.trim(),
      z.minLength(1, `Enter the ${field}`),
      z.maxLength(max, `The ${field} must be ${max} characters or fewer`),
    );

const SECTOR = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9]$/;
const UNIT = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;

/** A postcode criterion as it is compared: `{ sector }` or `{ unit }`, sanitised; null if neither. */
export function postcodeCriterion(input: string): { sector: string } | { unit: string } | null {
  const sanitised = sanitisePostcode(input);
  const sector = sanitised.endsWith("XXX") ? sanitised.slice(0, -3) : sanitised;
  if (SECTOR.test(sector)) return { sector };
  return UNIT.test(sanitised) ? { unit: sanitised } : null;
}

export interface IpBlock {
  version: 4 | 6;
  base: bigint;
  prefix: number;
}

function ipValue(address: string): { version: 4 | 6; value: bigint } | null {
  const kind = isIP(address);
  if (kind === 4) {
    const value = address.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
    return { version: 4, value };
  }
  if (kind !== 6) return null;
  const lower = address.toLowerCase();
  const mapped = lower.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped?.[1]) return ipValue(mapped[1]);
  // An embedded IPv4 tail is two groups.
  let groups = lower;
  const tail = lower.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (tail?.[1]) {
    const v4 = ipValue(tail[1]);
    if (!v4) return null;
    const hex = v4.value.toString(16).padStart(8, "0");
    groups = `${lower.slice(0, -tail[1].length)}${hex.slice(0, 4)}:${hex.slice(4)}`;
  }
  const [head = "", rest] = groups.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const fill = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  const all = [...left, ...fill, ...right];
  if (all.length !== 8) return null;
  const value = all.reduce((n, group) => (n << 16n) | BigInt(Number.parseInt(group || "0", 16)), 0n);
  return { version: 6, value };
}

/** An address or CIDR block, or null when it is neither. */
export function parseIpBlock(input: string): IpBlock | null {
  const [address = "", bits, extra] = input.trim().split("/");
  if (extra !== undefined) return null;
  const parsed = ipValue(address);
  if (!parsed) return null;
  const width = parsed.version === 4 ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return null;
  const prefix = bits === undefined ? width : Number(bits);
  if (prefix > width) return null;
  const shift = BigInt(width - prefix);
  return { version: parsed.version, base: (parsed.value >> shift) << shift, prefix };
}

export function ipInBlock(address: string, block: IpBlock): boolean {
  const parsed = ipValue(address.trim());
  if (!parsed || parsed.version !== block.version) return false;
  const shift = BigInt((block.version === 4 ? 32 : 128) - block.prefix);
  return parsed.value >> shift === block.base >> shift;
}

/** `%` is any run of characters; everything else is itself, case aside. */
export function likePattern(pattern: string): RegExp {
  const body = pattern
    .split("%")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "is");
}

export const criteriaFields = [
  "petition_id",
  "name",
  "email",
  "domain",
  "ip",
  "postcode",
  "constituency_id",
  "location_code",
  "created_after",
  "created_before",
] as const;

const instant = (field: string) =>
  z.pipe(
    z.iso.datetime({
      offset: true,
      error: `The ${field} must be a date and time, like 2026-12-07T09:00:00Z`,
    }),
    z.transform((value) => new Date(value).toISOString()),
  );

export const criteriaSchema = z.object({
  petition_id: z.optional(
    z
      .number({ error: "The petition id must be a number" })
      .check(
        z.int("The petition id must be a whole number"),
        z.positive("The petition id must be positive"),
        z.lte(999_999_999, "No petition has that id"),
      ),
  ),
  name: z.optional(text("name", 255)),
  email: z.optional(text("email", 320).check(z.toLowerCase())),
  domain: z.optional(
    z
      .pipe(
        text("domain", 253).check(z.toLowerCase()),
        z.transform((value) => value.replace(/^@/, "")),
      )
      .check(
        z.refine((value) => /^[a-z0-9.-]+\.[a-z0-9-]+$/.test(value), "Enter a domain, like example.com"),
      ),
  ),
  ip: z.optional(
    text("IP address", 64).check(
      z.refine(
        (value) => parseIpBlock(value) !== null,
        "Enter an IP address or CIDR block, like 192.0.2.0/24",
      ),
    ),
  ),
  postcode: z.optional(
    text("postcode", 16).check(
      z.refine((value) => postcodeCriterion(value) !== null, "Enter a postcode or a sector, like SW1A 1"),
    ),
  ),
  constituency_id: z.optional(text("constituency id", 16).check(z.toUpperCase())),
  location_code: z.optional(text("location code", 8).check(z.toUpperCase())),
  created_after: z.optional(instant("created_after")),
  created_before: z.optional(instant("created_before")),
});
export type Criteria = z.output<typeof criteriaSchema>;

/** A new invalidation: its criteria (at least one), why, and what staff know. */
export const newInvalidationSchema = z
  .extend(criteriaSchema, {
    summary: text("summary", 255),
    details: z.optional(
      z.string().check(z.trim(), z.maxLength(10_000, "The details must be 10000 characters or fewer")),
    ),
  })
  .check(
    z.superRefine((value, ctx) => {
      if (!criteriaFields.some((field) => value[field] !== undefined)) {
        ctx.addIssue({ code: "custom", path: ["criteria"], message: "Give at least one criterion" });
      }
      if (value.created_after && value.created_before && value.created_after >= value.created_before) {
        ctx.addIssue({
          code: "custom",
          path: ["created_before"],
          message: "created_before must be after created_after",
        });
      }
    }),
  );
export type NewInvalidation = z.output<typeof newInvalidationSchema>;

/** What a signature is judged by. */
export interface Candidate {
  petition_id: number;
  name: string;
  email: string;
  ip: string;
  postcode: string | null;
  constituency: string | null;
  location: string;
  created_at: string;
}

export interface MatchOptions {
  /** The EMAIL_STRIP_PLUS_TAG setting: canonical forms as signing makes them. */
  stripPlusTag: boolean;
}

/** The criteria compiled once, for judging many signatures. */
export function matcher(criteria: Criteria, options: MatchOptions): (s: Candidate) => boolean {
  const tests: ((s: Candidate) => boolean)[] = [];
  const canonical = (email: string) => canonicalEmail(email, { stripPlusTag: options.stripPlusTag });
  if (criteria.petition_id !== undefined) tests.push((s) => s.petition_id === criteria.petition_id);
  if (criteria.name !== undefined) {
    const pattern = likePattern(criteria.name);
    tests.push((s) => pattern.test(s.name.trim()));
  }
  if (criteria.email !== undefined) {
    const wanted = criteria.email;
    if (wanted.includes("%")) {
      const pattern = likePattern(wanted);
      tests.push((s) => pattern.test(s.email.trim()) || pattern.test(canonical(s.email)));
    } else {
      const exact = canonical(wanted);
      tests.push((s) => canonical(s.email) === exact);
    }
  }
  if (criteria.domain !== undefined) tests.push((s) => emailDomain(s.email) === criteria.domain);
  if (criteria.ip !== undefined) {
    const block = parseIpBlock(criteria.ip);
    tests.push((s) => block !== null && ipInBlock(s.ip, block));
  }
  if (criteria.postcode !== undefined) {
    const wanted = postcodeCriterion(criteria.postcode);
    tests.push((s) => {
      if (!wanted || !s.postcode) return false;
      const postcode = sanitisePostcode(s.postcode);
      return "unit" in wanted ? postcode === wanted.unit : postcode.slice(0, -2) === wanted.sector;
    });
  }
  if (criteria.constituency_id !== undefined) tests.push((s) => s.constituency === criteria.constituency_id);
  if (criteria.location_code !== undefined) tests.push((s) => s.location === criteria.location_code);
  if (criteria.created_after !== undefined) {
    const after = Date.parse(criteria.created_after);
    tests.push((s) => Date.parse(s.created_at) >= after);
  }
  if (criteria.created_before !== undefined) {
    const before = Date.parse(criteria.created_before);
    tests.push((s) => Date.parse(s.created_at) < before);
  }
  return (s) => tests.every((test) => test(s));
}

/**
 * How an invalidation finds its signatures, reading no more than it must: one email on one
 * petition is one key (both slots); anything else on one petition reads that petition's signers;
 * without a petition, the signers of every petition that can still gain or lose a count.
 */
export type Scope = { kind: "email"; petitionId: number; email: string } | { kind: "petitions" };

export function scopeOf(criteria: Criteria): Scope {
  if (criteria.petition_id !== undefined && criteria.email !== undefined && !criteria.email.includes("%")) {
    return { kind: "email", petitionId: criteria.petition_id, email: criteria.email };
  }
  return { kind: "petitions" };
}
