/**
 * The trending allow list: IPs, CIDR blocks and email domains the trending tallies skip (a
 * university's network, a large employer's mail domain), managed by sysadmins.
 *
 * Access patterns:
 * - the list:            Query TRENDALLOW (a few hundred items at most), cached for a minute
 * - add / remove one:    Put / Delete TRENDALLOW / <kind>#<value>
 */
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { queryAll } from "../db/query.ts";
import { oneLineString } from "../domain/one-line.ts";
import { type AllowEntry, allowEntryProblem, allowKinds, allowMatcher } from "../domain/trend-allow.ts";
import * as z from "../zod.ts";

const allowKey = (kind: string, value: string) => ({ PK: "TRENDALLOW", SK: `${kind}#${value}` });

export const allowEntrySchema = z
  .object({
    kind: z.enum(allowKinds),
    value: z.pipe(
      oneLineString("value").check(
        z.trim(),
        z.minLength(1, "Enter an IP, CIDR block or domain"),
        z.maxLength(255, "That is too long to be an IP, CIDR block or domain"),
      ),
      z.transform((v) => v.toLowerCase()),
    ),
    note: z.optional(
      oneLineString("note").check(z.trim(), z.maxLength(200, "Keep the note under 200 characters")),
    ),
  })
  .check(
    z.superRefine((entry, context) => {
      const problem = allowEntryProblem(entry.kind, entry.value);
      if (problem) context.addIssue({ code: "custom", path: ["value"], message: problem });
    }),
  );
export type AllowListEntry = AllowEntry & { note?: string; created_at: string; created_by: string };

let cache: { at: number; entries: AllowListEntry[] } | null = null;
const CACHE_MS = 60_000;

export async function listAllowed(fresh = false): Promise<AllowListEntry[]> {
  if (!fresh && cache && Date.now() - cache.at < CACHE_MS) return cache.entries;
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": "TRENDALLOW" },
  });
  const entries = items.map((item) => ({
    kind: item.kind as AllowEntry["kind"],
    value: String(item.value),
    ...(typeof item.note === "string" ? { note: item.note } : {}),
    created_at: String(item.created_at),
    created_by: String(item.created_by),
  }));
  cache = { at: Date.now(), entries };
  return entries;
}

/** The matcher the counter's tallies use (the list read at most once a minute). */
export async function trendAllowed() {
  return allowMatcher(await listAllowed());
}

export async function addAllowed(
  entry: z.output<typeof allowEntrySchema>,
  staffId: string,
  now: Date,
): Promise<AllowListEntry> {
  const item = { ...entry, created_at: now.toISOString(), created_by: staffId };
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...allowKey(entry.kind, entry.value), entity: "TRENDALLOW", ...item },
    }),
  );
  cache = null;
  return item;
}

export async function removeAllowed(kind: AllowEntry["kind"], value: string): Promise<boolean> {
  const { Attributes } = await db.send(
    new DeleteCommand({
      TableName: tableName(),
      Key: allowKey(kind, value.trim().toLowerCase()),
      ReturnValues: "ALL_OLD",
    }),
  );
  cache = null;
  return Boolean(Attributes);
}
