/** Unguessable tokens (128 bits), stored only as SHA-256 hashes and compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { keyedHash } from "../hash-key.ts";

export const newToken = (): string => randomBytes(16).toString("base64url");

export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

export function tokenMatches(token: string, hashes: readonly string[]): boolean {
  const candidate = Buffer.from(hashToken(token), "hex");
  let found = false;
  for (const hash of hashes) {
    const stored = Buffer.from(hash, "hex");
    if (stored.length === candidate.length && timingSafeEqual(stored, candidate)) found = true;
  }
  return found;
}

/** Equal strings in constant time (for tokens kept as they are). */
export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The key part that stands for an email address: a keyed hash (shared/hash-key.ts), so keys and
 * ids carry no address and nobody without the key can test a guess. Signature keys pass their
 * petition, whose key they keep for life; counters use the newest key.
 */
export const emailKeyOf = (canonicalEmail: string, petitionId?: number): string =>
  keyedHash("petitions", canonicalEmail, petitionId).slice(0, 22);
