/** Key formats shared by the entity modules. Ids are zero-padded where they sort. */
import { createHash } from "node:crypto";
import type { PetitionState } from "../domain/petition-state.ts";

export const pad = (n: number, width = 12) => String(Math.max(0, Math.floor(n))).padStart(width, "0");

/**
 * Which of `shards` partitions a value's items go to: a hash of it, so a hot key's writes spread
 * evenly and the same value always lands on the same shard.
 */
export function shardOf(value: string, shards: number): number {
  return createHash("sha256").update(value).digest().readUInt16BE(0) % shards;
}

export const petitionKey = (id: number) => ({ PK: `PETITION#${id}`, SK: "PETITION" });
/** The byState index partition of the petitions in one state. */
export const statePartition = (state: PetitionState) => `STATE#${state}`;
export const counterKey = (name: string) => ({ PK: `COUNTER#${name}`, SK: "COUNTER" });
export const outboxKey = (id: string) => ({ PK: `OUTBOX#${id}`, SK: "OUTBOX" });
export const signatureKey = (petitionId: number, emailKey: string, slot: number) => ({
  PK: `SIGNATURE#${petitionId}#${emailKey}`,
  SK: `SLOT#${slot}`,
});
export const rateKey = (key: string) => ({ PK: `RATE#${key}`, SK: "RATE" });
export const blockKey = (kind: string, value: string) => ({ PK: "BLOCK", SK: `${kind}#${value}` });
export const mailCapKey = (scope: string, emailKey: string) => ({
  PK: `MAILCAP#${scope}#${emailKey}`,
  SK: "DAYS",
});
export const sponsorSignupsKey = (petitionId: number) => ({
  PK: `SIGNUPS#${petitionId}`,
  SK: "SPONSORS",
});
