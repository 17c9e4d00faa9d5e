/**
 * The suppression list: addresses the service never emails again. SES adds to it through the
 * feedback function (permanent bounces and complaints, shared/mail/feedback.ts); sysadmins add
 * and remove entries by hand. Entries are keyed by the keyed hash of the canonical address, so
 * the list holds no address: staff look an address up by typing it.
 *
 * Access patterns:
 * - is this address suppressed?        GetItem SUPPRESSION / <email key> (eventually consistent
 *                                      before a send; consistent for staff)
 * - which of a page of recipients?     BatchGetItem SUPPRESSION / <email key> (up to 100 keys)
 * - every entry (sysadmins):           Query SUPPRESSION, newest key order, paged
 * - add an entry:                      Put SUPPRESSION / <email key> (the first reason is kept)
 * - remove an entry:                   Delete SUPPRESSION / <email key>
 */
import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { queryFrom } from "../db/query.ts";
import { canonicalEmail, emailDomain } from "../domain/email.ts";
import { emailKeyOf } from "../signatures/tokens.ts";
import * as z from "../zod.ts";

export const SUPPRESSION_PK = "SUPPRESSION";
export const suppressionKey = (emailKey: string) => ({ PK: SUPPRESSION_PK, SK: emailKey });

/** The key that stands for an address: the keyed hash of its canonical form. */
export const suppressionIdOf = (email: string) => emailKeyOf(canonicalEmail(email));

export const suppressionReasons = ["bounce", "complaint", "manual"] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

export interface Suppression {
  id: string;
  reason: SuppressionReason;
  /** The domain of the address (not personal on its own): shows a failing mail provider at a glance. */
  domain: string | null;
  /** SES's detail (bounce subtype, complaint feedback type) or the sysadmin's note. */
  detail: string | null;
  created_at: string;
  created_by: string;
}

const oneLine = (max: number) =>
  z.string().check(
    z.trim(),
    z.maxLength(max, `Keep it under ${max} characters`),
    z.refine((v) => !/[\r\n]/.test(v), "Must be one line"),
  );

export const suppressionAddSchema = z.object({
  email: z.email("Enter an email address").check(z.maxLength(320, "That is too long to be an email address")),
  note: z.optional(oneLine(200)),
});
export const suppressionLookupSchema = z.object({
  email: z.email("Enter an email address").check(z.maxLength(320, "That is too long to be an email address")),
});
export const suppressionListSchema = z.object({
  email: z.optional(z.email("Enter an email address").check(z.maxLength(320))),
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a cursor from this list"))),
});

function present(item: Record<string, unknown>): Suppression {
  return {
    id: String(item.SK),
    reason: item.reason as SuppressionReason,
    domain: typeof item.domain === "string" ? item.domain : null,
    detail: typeof item.detail === "string" ? item.detail : null,
    created_at: String(item.created_at),
    created_by: String(item.created_by),
  };
}

/**
 * Adds an address. An address already listed keeps its first entry (the reason it was first
 * suppressed); returns whether this call added it.
 */
export async function suppress(
  email: string,
  entry: { reason: SuppressionReason; detail?: string | null; by: string },
  now: Date,
): Promise<boolean> {
  return writeIf(() =>
    db.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...suppressionKey(suppressionIdOf(email)),
          entity: "SUPPRESSION",
          reason: entry.reason,
          domain: emailDomain(email),
          ...(entry.detail ? { detail: entry.detail.slice(0, 200) } : {}),
          created_at: now.toISOString(),
          created_by: entry.by,
        },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    ),
  );
}

export async function unsuppress(email: string): Promise<boolean> {
  const { Attributes } = await db.send(
    new DeleteCommand({
      TableName: tableName(),
      Key: suppressionKey(suppressionIdOf(email)),
      ReturnValues: "ALL_OLD",
    }),
  );
  return Boolean(Attributes);
}

export async function getSuppression(email: string, consistent = true): Promise<Suppression | null> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName(),
      Key: suppressionKey(suppressionIdOf(email)),
      ConsistentRead: consistent,
    }),
  );
  return Item ? present(Item) : null;
}

/**
 * Checked before every transactional send, all on the one SUPPRESSION partition: an eventually
 * consistent read costs half a unit, so 5,000 emails a second take 2,500 of the partition's
 * 3,000 read units. An entry is written by SES feedback seconds to minutes after a send, so a
 * read that misses one written within the last second sends one email the list would have withheld.
 */
export const isSuppressed = async (email: string) => (await getSuppression(email, false)) !== null;

/** Which of these addresses are suppressed (shared/db/batch.ts: 100 keys a call, unprocessed keys retried). */
export async function suppressedAmong(emails: readonly string[]): Promise<Set<string>> {
  const byKey = new Map<string, string[]>();
  for (const email of emails) {
    const key = suppressionIdOf(email);
    byKey.set(key, [...(byKey.get(key) ?? []), email]);
  }
  const found = new Set<string>();
  const items = await batchGet(
    [...byKey.keys()].map((key) => suppressionKey(key)),
    { projection: { expression: "PK, SK" }, consistentRead: true },
  );
  for (const item of items) for (const email of byKey.get(String(item.SK)) ?? []) found.add(email);
  return found;
}

export const LIST_PAGE_SIZE = 100;

/** One page of the list, by key; `cursor` is the last id of the page before. */
export async function listSuppressions(
  cursor?: string,
): Promise<{ data: Suppression[]; next_cursor: string | null }> {
  const { items, next } = await queryFrom(
    {
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": SUPPRESSION_PK },
      Limit: LIST_PAGE_SIZE,
    },
    cursor ? suppressionKey(cursor) : null,
  );
  return {
    data: items.map(present),
    next_cursor: next ? String(next.SK) : null,
  };
}
