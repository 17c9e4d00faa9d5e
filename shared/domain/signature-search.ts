/**
 * The pure rules of the sysadmins' signature search: what a search may ask, how a time window
 * is written, and which stored signature a query matches.
 */
import { emailDomain } from "./email.ts";
import { normalisePostcode, sanitisePostcode } from "./postcode.ts";

export const searchKinds = ["email", "ip", "domain", "postcode", "name"] as const;
export type SearchKind = (typeof searchKinds)[number];

/** The longest window a search may name: 90 days. */
export const MAX_WINDOW_HOURS = 90 * 24;

/**
 * A window written `24h`, `7d` or a bare number of hours, as hours; null when it is not one of
 * those or is longer than 90 days.
 */
export function windowHours(text: string): number | null {
  const match = /^(\d{1,4})([hd]?)$/.exec(text.trim().toLowerCase());
  if (!match) return null;
  const hours = Number(match[1]) * (match[2] === "d" ? 24 : 1);
  return hours >= 1 && hours <= MAX_WINDOW_HOURS ? hours : null;
}

/** What a stored signature must hold to match, the value normalised as stored. */
export function normaliseSearchValue(kind: SearchKind, value: string): string {
  const trimmed = value.trim();
  if (kind === "postcode") return normalisePostcode(trimmed) ?? sanitisePostcode(trimmed);
  if (kind === "name") return trimmed.toLowerCase();
  if (kind === "email" || kind === "domain" || kind === "ip") return trimmed.toLowerCase();
  return trimmed;
}

export interface Searchable {
  email: string;
  ip: string;
  name: string;
  postcode: string | null;
  created_at: string;
}

/**
 * Does a signature match? Emails and domains compare without case, names as a case-blind
 * substring, postcodes by their sanitised form, IPs exactly; `since` bounds when it was made.
 */
export function matchesSearch(
  signature: Searchable,
  kind: SearchKind,
  normalised: string,
  since?: string,
): boolean {
  if (since && signature.created_at < since) return false;
  switch (kind) {
    case "email":
      return signature.email.toLowerCase() === normalised;
    case "domain":
      return emailDomain(signature.email) === normalised;
    case "ip":
      return signature.ip.toLowerCase() === normalised;
    case "postcode":
      return signature.postcode !== null && sanitisePostcode(signature.postcode) === normalised;
    case "name":
      return signature.name.toLowerCase().includes(normalised);
  }
}
