/**
 * The local engine's key for hashing personal data (shared/hash-key.ts). It must stay the same
 * for as long as the data does, or a restart would stop recognising earlier signers: kept in a
 * file beside the data folder (created random the first time), and a fixed, public value for an
 * in-memory engine, whose data dies with it (tests and tools beside it hash with the same value).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const IN_MEMORY_HASH_KEY = "petitions-in-memory-hash-key-not-a-secret";

/** The key for a data folder (`.local-data/dynamodb` keeps it in `.local-data/hash-key`). */
export function localHashKey(dataPath: string | null): string {
  if (dataPath === null) return IN_MEMORY_HASH_KEY;
  const file = resolve(dirname(dataPath), "hash-key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString("base64url");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
