/** Unguessable tokens (128 bits), stored only as SHA-256 hashes and compared in constant time. */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hashKeyById, hashKeyFor, keyedHash } from "../hash-key.ts";
import type { SignatureKind } from "./model.ts";

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

const KIND_LETTER: Record<SignatureKind, string> = { creator: "c", sponsor: "s", signer: "p" };
const LETTER_KIND = Object.fromEntries(Object.entries(KIND_LETTER).map(([k, v]) => [v, k])) as Record<
  string,
  SignatureKind
>;

const mac = (key: string, signatureId: string, body: string) =>
  createHmac("sha256", key).update(`verify:${signatureId}:${body}`, "utf8").digest("base64url").slice(0, 22);

/**
 * A confirmation token that proves itself: `<key id>.<kind><random>.<HMAC>`, the HMAC (under the
 * hash key named, 128 bits) binding the signature id, its kind and 128 random bits. A forged or
 * mistyped link is refused without a read; a genuine one still has to be among the signature's
 * stored token hashes when it is used (an id can come back after an unconfirmed signature
 * expires, and an old link must not confirm the new one).
 */
export function mintToken(signatureId: string, kind: SignatureKind): string {
  const key = hashKeyFor();
  const body = `${KIND_LETTER[kind]}${newToken()}`;
  return `${Buffer.from(key.id, "utf8").toString("base64url")}.${body}.${mac(key.key, signatureId, body)}`;
}

/**
 * What a token says before any read: `legacy` (a plain random token, checked against the stored
 * hashes only), `forged` (a minted token whose HMAC does not hold, or whose key is gone) or the
 * signature kind it was minted for.
 */
export function readToken(signatureId: string, token: string): { kind: SignatureKind } | "legacy" | "forged" {
  const parts = token.split(".");
  if (parts.length === 1) return "legacy";
  const [keyId, body, given] = parts;
  if (parts.length !== 3 || !keyId || !body || !given) return "forged";
  const key = hashKeyById(Buffer.from(keyId, "base64url").toString("utf8"));
  const kind = LETTER_KIND[body.charAt(0)];
  if (!key || !kind) return "forged";
  return sameToken(mac(key.key, signatureId, body), given) ? { kind } : "forged";
}
