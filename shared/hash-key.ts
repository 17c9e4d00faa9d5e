/**
 * Keyed hashes of personal data: what stands for an email address or an IP address in keys,
 * indexes, counters and logs is an HMAC-SHA256 under a secret key, so nobody holding the table
 * or the logs can reverse it by hashing every likely address.
 *
 * The key set is read once per cold start (top-level await: Lambda runs it during init), from
 * Secrets Manager on AWS (HASH_KEY_ARN) or as a value the local engine passes (HASH_KEY); hashing
 * then stays synchronous. The secret holds either a bare key, or for rotation
 * `{"id","key","fromPetition","previous":[{"id","key","fromPetition"}]}`: a petition's signatures
 * are keyed with the newest key whose `fromPetition` is at most its id, so a petition keeps one
 * key for life and duplicate detection never breaks; counters and logs use the newest key.
 */
import { createHmac } from "node:crypto";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { ConfigError } from "./config.ts";
import * as z from "./zod.ts";

export interface HashKey {
  id: string;
  key: string;
  /** The first petition id whose signatures this key hashes. */
  fromPetition: number;
}

const keySchema = z.object({
  id: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(16)),
  fromPetition: z._default(z.number().check(z.int(), z.nonnegative()), 0),
});
const keySetSchema = z.extend(keySchema, { previous: z._default(z.array(keySchema), []) });

/** A secret's text as a key set, newest first (a bare string is one key for every petition). */
export function parseKeySet(text: string): HashKey[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) {
    if (trimmed.length < 16) throw new ConfigError("Invalid configuration: the hash key is too short");
    return [{ id: "1", key: trimmed, fromPetition: 0 }];
  }
  const parsed = keySetSchema.safeParse(JSON.parse(trimmed));
  if (!parsed.success) throw new ConfigError("Invalid configuration: the hash key secret is malformed");
  const { previous, ...current } = parsed.data;
  return [current, ...previous].sort((a, b) => b.fromPetition - a.fromPetition);
}

let keys: HashKey[] | null = null;

/** Sets the key set (the cold start does; tests may give their own). */
export function useHashKeys(text: string): void {
  keys = parseKeySet(text);
}

function keySet(): HashKey[] {
  if (keys) return keys;
  const local = process.env.HASH_KEY;
  if (!local) {
    throw new ConfigError(
      "Invalid configuration: HASH_KEY_ARN (or locally HASH_KEY) is required to hash personal data",
    );
  }
  keys = parseKeySet(local);
  return keys;
}

/** The key a petition's signatures use, or the newest key when no petition is named. */
export function hashKeyFor(petitionId?: number): HashKey {
  const set = keySet();
  const key =
    petitionId === undefined ? set[0] : (set.find((k) => k.fromPetition <= petitionId) ?? set.at(-1));
  if (!key) throw new ConfigError("Invalid configuration: the hash key secret holds no key");
  return key;
}

/** The key with this id, while the secret still holds it (a rotated-out key is gone). */
export function hashKeyById(id: string): HashKey | undefined {
  return keySet().find((k) => k.id === id);
}

/** HMAC-SHA256 of `purpose:value` (base64url), so one value hashes differently for each purpose. */
export function keyedHash(purpose: string, value: string, petitionId?: number): string {
  return createHmac("sha256", hashKeyFor(petitionId).key)
    .update(`${purpose}:${value}`, "utf8")
    .digest("base64url");
}

/**
 * `keyedHash` of a value under every key the secret still holds, newest first: what a search
 * across petitions looks for, since each petition's values are hashed with its own key.
 */
export function keyedHashesUnderEveryKey(purpose: string, value: string): string[] {
  return keySet().map((k) =>
    createHmac("sha256", k.key).update(`${purpose}:${value}`, "utf8").digest("base64url"),
  );
}

// The cold start on AWS: read the secret once, before the first request.
if (!process.env.HASH_KEY && process.env.HASH_KEY_ARN) {
  const text = await new SecretsProvider().get(process.env.HASH_KEY_ARN, { maxAge: 300 });
  if (typeof text !== "string") throw new ConfigError("Invalid configuration: HASH_KEY_ARN holds no text");
  useHashKeys(text);
}
