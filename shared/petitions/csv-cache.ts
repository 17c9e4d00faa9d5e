/**
 * /petitions.csv built at most once per interval for each facet and search, and served from the
 * table the rest of that interval: a large facet's CSV reads the whole facet (tens of thousands
 * of petitions), so no anonymous request may make it read that more than once a minute.
 *
 * Items (entity CSV; no stream consumer reads them; TTL removes them an hour after their interval):
 * - head:  `CSV#<hash of facet and search words>` / `AT#<interval>`: `state` building | ready,
 *          the number of parts, whether the body was truncated, when the build started.
 * - parts: same PK / `AT#<interval>#PART#<nnnn>`: up to CSV_PART_BYTES of whole rows each, under
 *          DynamoDB's 400 KB item limit.
 * The first request of an interval claims the head with a conditional put and builds; the others
 * read the head (strongly consistent) and wait for `ready`, then read the parts. A build that has
 * not finished after BUILD_LEASE_MS (its function timed out) is taken over by the next waiter.
 */

import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { pad } from "../db/keys.ts";
import { queryAll } from "../db/query.ts";
import { TTL_ATTRIBUTE } from "../db/table.ts";
import { setAttributes } from "../db/update.ts";
import { BusyError } from "../errors.ts";
import { queryWords } from "../search/text.ts";
import { petitionsCsv } from "./csv.ts";
import type { CsvQuery } from "./listing.ts";

/** How long one build of a facet's CSV is served (and the answer's Cache-Control max-age). */
export const CSV_INTERVAL_SECONDS = 60;
export const CSV_PART_BYTES = 350_000;
/** At most this many parts: MAX_CSV_BYTES / CSV_PART_BYTES, rounded up. */
export const MAX_CSV_PARTS = 16;
const BUILD_LEASE_MS = 35_000;
const WAIT_MS = 20_000;
const POLL_MS = 100;

export interface CsvAnswer {
  body: string;
  truncated: boolean;
}

export type CsvBuilder = (query: CsvQuery, publicUrl: string) => Promise<CsvAnswer>;

/** The same CSV for the same facet and the same search words, whatever their order or case. */
export function csvCacheKey(query: CsvQuery): string {
  const words = query.q === undefined ? [] : [...queryWords(query.q)].sort();
  const hash = createHash("sha256")
    .update(JSON.stringify([query.state, words]))
    .digest("base64url");
  return `CSV#${hash.slice(0, 32)}`;
}

/** Whole rows, at most `limit` bytes a part (a row is far shorter than a part). Pure. */
export function splitRows(body: string, limit = CSV_PART_BYTES): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const row of body.split(/(?<=\n)/)) {
    const bytes = Buffer.byteLength(row);
    if (size + bytes > limit && current.length > 0) {
      parts.push(current.join(""));
      current = [];
      size = 0;
    }
    current.push(row);
    size += bytes;
  }
  if (current.length > 0) parts.push(current.join(""));
  return parts;
}

interface Head {
  state: "building" | "ready";
  parts?: number;
  truncated?: boolean;
  startedAt: number;
}

const conditionFailed = (error: unknown) =>
  error instanceof Error && error.name === "ConditionalCheckFailedException";

export async function cachedPetitionsCsv(
  query: CsvQuery,
  publicUrl: string,
  options: { now?: () => number; build?: CsvBuilder } = {},
): Promise<CsvAnswer> {
  const now = options.now ?? Date.now;
  const build = options.build ?? petitionsCsv;
  const interval = Math.floor(now() / 1000 / CSV_INTERVAL_SECONDS);
  const key = { PK: csvCacheKey(query), SK: `AT#${interval}` };
  const expiresAt = (interval + 1) * CSV_INTERVAL_SECONDS + 3600;
  const table = tableName();
  const deadline = Date.now() + WAIT_MS;

  const readHead = async () =>
    (await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item as
      | Head
      | undefined;

  /** Claims the build: a new head, or a stale one whose builder never finished. */
  const claim = async (stale?: Head): Promise<boolean> => {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...key, entity: "CSV", state: "building", startedAt: now(), [TTL_ATTRIBUTE]: expiresAt },
          ConditionExpression: stale
            ? "#state = :building AND startedAt = :startedAt"
            : "attribute_not_exists(PK)",
          ...(stale
            ? {
                ExpressionAttributeNames: { "#state": "state" },
                ExpressionAttributeValues: { ":building": "building", ":startedAt": stale.startedAt },
              }
            : {}),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  };

  for (;;) {
    const head = await readHead();
    if (head?.state === "ready") {
      const parts = await queryAll({
        TableName: table,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :parts)",
        ExpressionAttributeValues: { ":pk": key.PK, ":parts": `${key.SK}#PART#` },
        ConsistentRead: true,
      });
      return { body: parts.map((part) => String(part.body)).join(""), truncated: head.truncated === true };
    }
    const stale = head !== undefined && now() - head.startedAt > BUILD_LEASE_MS;
    if ((head === undefined || stale) && (await claim(stale ? head : undefined))) {
      let answer: CsvAnswer;
      try {
        answer = await build(query, publicUrl);
      } catch (error) {
        // Let the next request build it rather than wait for the lease to run out.
        await db.send(new DeleteCommand({ TableName: table, Key: key })).catch(() => undefined);
        throw error;
      }
      const parts = splitRows(answer.body);
      for (const [i, body] of parts.entries()) {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              PK: key.PK,
              SK: `${key.SK}#PART#${pad(i, 4)}`,
              entity: "CSV",
              body,
              [TTL_ATTRIBUTE]: expiresAt,
            },
          }),
        );
      }
      await db.send(
        new UpdateCommand(
          setAttributes(table, key, { state: "ready", parts: parts.length, truncated: answer.truncated }),
        ),
      );
      return answer;
    }
    if (Date.now() > deadline) throw new BusyError("The CSV is being prepared: try again in a few seconds");
    await sleep(POLL_MS);
  }
}
