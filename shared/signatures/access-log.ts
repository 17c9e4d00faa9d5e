/**
 * The access log: every staff read of signers' personal data (each search) and every action on
 * a signature, with who, when, what was asked and how many signatures it found or touched.
 * It keeps the query (what the sysadmin typed) and never the signatures found. Sysadmins read it.
 *
 * Access patterns:
 * - record one access:   Put ACCESSLOG#<YYYY-MM> / <at>#<random>, kept 400 days (TTL)
 * - one month's log:     Query ACCESSLOG#<YYYY-MM>, newest first, a page of at most 200
 */
import { randomUUID } from "node:crypto";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";

/** Days an access log entry is kept. */
export const ACCESS_LOG_DAYS = 400;
export const ACCESS_LOG_PAGE = 200;

export interface AccessEntry {
  staff_id: string;
  at: string;
  /** `search`, or the action taken (`validate`, `invalidate`, `delete`, `subscribe`, `unsubscribe`). */
  what: string;
  query: Record<string, string | number>;
  results: number;
}

const monthOf = (iso: string) => iso.slice(0, 7);

export async function recordAccess(entry: AccessEntry): Promise<void> {
  const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + ACCESS_LOG_DAYS * 86_400;
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        PK: `ACCESSLOG#${monthOf(entry.at)}`,
        SK: `${entry.at}#${randomUUID().slice(0, 8)}`,
        entity: "ACCESS",
        ...entry,
        expiresAt,
      },
    }),
  );
}

/** One month's entries (`YYYY-MM`), newest first. */
export async function readAccessLog(month: string): Promise<AccessEntry[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": `ACCESSLOG#${month}` },
      ScanIndexForward: false,
      Limit: ACCESS_LOG_PAGE,
    }),
  );
  return (Items ?? []).map((item) => ({
    staff_id: String(item.staff_id),
    at: String(item.at),
    what: String(item.what),
    query: (item.query ?? {}) as AccessEntry["query"],
    results: Number(item.results ?? 0),
  }));
}
