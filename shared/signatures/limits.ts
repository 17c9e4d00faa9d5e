/**
 * Abuse limits without another service: fixed-window counters in the table (TTL'd), and the
 * sysadmins' block lists. An over-limit signer, or one from a blocked IP, is answered and mailed
 * as usual but stored as fraudulent, as on petition.parliament.uk. A blocked email address or
 * domain is answered as usual and nothing is stored or sent: nobody there is owed an email.
 *
 * Access patterns:
 * - count a request in a window:   UpdateItem ADD (request id to a set) on RATE#<scope>#<period>#<start>
 * - a signature's two windows:      one UpdateItem ADD on the long window's item, the short one's
 *                                   members in an attribute of it (b<start>)
 * - the block lists:               Query BLOCK (a few hundred items at most), cached briefly
 * - add / remove a block:          Put / Delete BLOCK / <kind>#<value>
 */
import { randomUUID } from "node:crypto";
import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { blockKey, rateKey } from "../db/keys.ts";
import { queryAll } from "../db/query.ts";
import { canonicalEmail, emailDomain, matchesDomainPattern } from "../domain/email.ts";
import { oneLineString } from "../domain/one-line.ts";
import { exceededLimits, type RateCounts, type RateLimits, windowKey } from "../domain/rate-limit.ts";
import { keyedHash } from "../hash-key.ts";
import * as z from "../zod.ts";
import type { SignatureKind } from "./model.ts";
import { emailKeyOf } from "./tokens.ts";

/** IPs are hashed (keyed) before they become keys, so counters hold no address. */
export const ipKey = (ip: string) => keyedHash("ip", ip).slice(0, 16);

/**
 * Counts a member (a signer's email, or one request) in a window and returns how many distinct
 * members it holds. Counting members, not calls, makes the count idempotent: an SDK retry of a
 * write whose reply was lost counts once, and so does a person pressing "sign" twice, so the
 * order in which a person's own requests race cannot make their signature look like abuse. The
 * set stops growing at a cap far above any limit: past it, the window is simply over.
 */
export async function countIn(
  scope: string,
  member: string,
  now: Date,
  periodSeconds: number,
  limit: number,
): Promise<number> {
  const window = windowKey(scope, now, periodSeconds);
  const added = await addMember(window, member, limit * 4 + 4);
  return added === "over" ? limit * 4 + 5 : sizeOf(added.requests);
}

const sizeOf = (value: unknown) => (value instanceof Set ? value.size : 1);

/**
 * Adds `member` to the window item's `requests` set (and to `also`, another set attribute of the
 * same item) unless the set already holds `cap` others; the sets as they now are, or "over".
 */
async function addMember(
  window: { key: string; expiresAt: number },
  member: string,
  cap: number,
  also?: string,
): Promise<Record<string, unknown> | "over"> {
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: rateKey(window.key),
        UpdateExpression: `ADD requests :id${also ? ", #also :id" : ""} SET expiresAt = :expires`,
        ConditionExpression:
          "attribute_not_exists(requests) OR size(requests) < :cap OR contains(requests, :one)",
        ...(also ? { ExpressionAttributeNames: { "#also": also } } : {}),
        ExpressionAttributeValues: {
          ":id": new Set([member]),
          ":one": member,
          ":expires": window.expiresAt,
          ":cap": cap,
        },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Attributes ?? {};
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return "over";
    throw error;
  }
}

/** A request to sign, as the abuse limits see it (the creator's petition id is 0: not yet given). */
export interface Screening {
  kind: SignatureKind;
  petitionId: number;
  ip: string;
  email: string;
  now: Date;
  limits: RateLimits;
}

export async function rateCounts({
  kind,
  petitionId,
  ip,
  email,
  now,
  limits,
}: Screening): Promise<RateCounts> {
  const who = ipKey(ip);
  // Signatures per address are counted by signer; each new petition counts on its own.
  const signerId = emailKeyOf(canonicalEmail(email, { stripPlusTag: limits.stripPlusTag ?? true }));
  if (kind === "creator")
    return {
      creator: await countIn(
        `creator#${who}`,
        randomUUID(),
        now,
        limits.sustained.periodSeconds,
        limits.creator,
      ),
    };
  if (kind === "sponsor")
    return {
      sponsor: await countIn(`sponsor#${who}`, signerId, now, limits.sustained.periodSeconds, limits.sponsor),
    };
  const scope = `sign#${petitionId}#${who}`;
  if (limits.sustained.periodSeconds % limits.burst.periodSeconds === 0) {
    const [burst, sustained] = await countInNested(scope, signerId, now, limits.burst, limits.sustained);
    return { burst, sustained };
  }
  // Windows that do not nest cannot share an item: one call each.
  const [burst, sustained] = await Promise.all([
    countIn(scope, signerId, now, limits.burst.periodSeconds, limits.burst.limit),
    countIn(scope, signerId, now, limits.sustained.periodSeconds, limits.sustained.limit),
  ]);
  return { burst, sustained };
}

type Window = { limit: number; periodSeconds: number };

/**
 * `countIn` for a short window nested in a long one, in one call: the long window's item holds
 * its members in `requests` and each short window's in `b<start>`. The short windows divide the
 * long one exactly (its period is a multiple of theirs), so each lies wholly in one item and
 * counts as its own item would. A short window's members are a subset of the long one's, so the
 * long window's cap bounds the item.
 */
export async function countInNested(
  scope: string,
  member: string,
  now: Date,
  inner: Window,
  outer: Window,
): Promise<[inner: number, outer: number]> {
  const window = windowKey(scope, now, outer.periodSeconds);
  const short = windowKey(scope, now, inner.periodSeconds);
  const innerName = `b${short.key.slice(short.key.lastIndexOf("#") + 1)}`;
  const cap = outer.limit * 4 + 4;
  const added = await addMember(window, member, cap, innerName);
  if (added === "over") return [cap + 1, cap + 1];
  return [sizeOf(added[innerName]), sizeOf(added.requests)];
}

export const blockKinds = ["ip", "domain", "email"] as const;
export type BlockKind = (typeof blockKinds)[number];

export const blockSchema = z.object({
  kind: z.enum(blockKinds),
  value: z.pipe(
    oneLineString("value").check(
      z.trim(),
      z.minLength(1, "Enter what to block"),
      z.maxLength(320, "That is too long to be an IP, domain or email"),
    ),
    z.transform((v) => v.toLowerCase()),
  ),
});
export type Block = z.output<typeof blockSchema> & { created_at: string; created_by: string };

let cache: { at: number; blocks: Block[] } | null = null;
const CACHE_MS = 30_000;

export async function listBlocks(fresh = false): Promise<Block[]> {
  if (!fresh && cache && Date.now() - cache.at < CACHE_MS) return cache.blocks;
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": "BLOCK" },
  });
  const blocks = items.map((item) => ({
    kind: item.kind as BlockKind,
    value: String(item.value),
    created_at: String(item.created_at),
    created_by: String(item.created_by),
  }));
  cache = { at: Date.now(), blocks };
  return blocks;
}

export async function addBlock(
  block: z.output<typeof blockSchema>,
  staffId: string,
  now: Date,
): Promise<Block> {
  const value = block.kind === "email" ? canonicalEmail(block.value) : block.value;
  const item = { ...block, value, created_at: now.toISOString(), created_by: staffId };
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...blockKey(block.kind, value), entity: "BLOCK", ...item },
    }),
  );
  cache = null;
  return item;
}

export async function removeBlock(kind: BlockKind, value: string): Promise<boolean> {
  const normalised = kind === "email" ? canonicalEmail(value) : value.trim().toLowerCase();
  const { Attributes } = await db.send(
    new DeleteCommand({ TableName: tableName(), Key: blockKey(kind, normalised), ReturnValues: "ALL_OLD" }),
  );
  cache = null;
  return Boolean(Attributes);
}

export function isBlocked(blocks: readonly Block[], ip: string, email: string): boolean {
  const domain = emailDomain(email);
  const canonical = canonicalEmail(email);
  return blocks.some((block) => {
    if (block.kind === "ip") return block.value === ip.toLowerCase();
    if (block.kind === "email") return block.value === canonical;
    return domain !== null && matchesDomainPattern(domain, block.value);
  });
}

/** Is the address itself, or its domain, on a block list? */
export function isBlockedAddress(blocks: readonly Block[], email: string): boolean {
  return isBlocked(
    blocks.filter((block) => block.kind !== "ip"),
    "",
    email,
  );
}

/**
 * How to take this request: `blocked` (its address is blocked: answer as usual, store and send
 * nothing), `fraudulent` (over a limit or from a blocked IP: stored, mailed, never counted) or
 * `ok`.
 */
export async function screen(request: Screening): Promise<"ok" | "fraudulent" | "blocked"> {
  const { ip, email, limits } = request;
  const [blocks, counts] = await Promise.all([listBlocks(), rateCounts(request)]);
  if (isBlockedAddress(blocks, email)) return "blocked";
  return isBlocked(blocks, ip, email) || exceededLimits(counts, limits).length > 0 ? "fraudulent" : "ok";
}

export function limitsFrom(config: {
  RATE_BURST: number;
  RATE_BURST_SECONDS: number;
  RATE_SUSTAINED: number;
  RATE_SUSTAINED_SECONDS: number;
  RATE_CREATOR: number;
  RATE_SPONSOR: number;
  EMAIL_STRIP_PLUS_TAG?: boolean;
}): RateLimits {
  return {
    stripPlusTag: config.EMAIL_STRIP_PLUS_TAG ?? true,
    burst: { limit: config.RATE_BURST, periodSeconds: config.RATE_BURST_SECONDS },
    sustained: { limit: config.RATE_SUSTAINED, periodSeconds: config.RATE_SUSTAINED_SECONDS },
    creator: config.RATE_CREATOR,
    sponsor: config.RATE_SPONSOR,
  };
}
