/**
 * Paging through a Query (or, on a recovery path, a Scan), written once: every caller that reads
 * past one page, or resumes from where a page ended, uses these. Nothing else reads
 * LastEvaluatedKey. Also the Query of one whole index partition, which the entity modules page
 * through with them.
 */
import {
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client.ts";
import type { IndexName } from "./table.ts";

export type Item = Record<string, unknown>;
/** Where a page ended: the key of its last item read, the next page's ExclusiveStartKey. */
export type StartKey = Record<string, unknown>;

/**
 * One page of a Query from `start` (where the page before ended; none: the input's own start);
 * `next` is where the following page starts, null after the last.
 */
export async function queryFrom(
  input: QueryCommandInput,
  start?: StartKey | null,
): Promise<{ items: Item[]; next: StartKey | null }> {
  const page = await db.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
  return { items: (page.Items ?? []) as Item[], next: page.LastEvaluatedKey ?? null };
}

/** Each page of a Query in turn, following LastEvaluatedKey. */
export async function* queryPages(input: QueryCommandInput): AsyncGenerator<Item[]> {
  let start: StartKey | null = input.ExclusiveStartKey ?? null;
  do {
    const page = await queryFrom(input, start);
    yield page.items;
    start = page.next;
  } while (start);
}

/** Each page of a Scan (or of one of its segments) in turn, following LastEvaluatedKey. */
export async function* scanPages(input: ScanCommandInput): AsyncGenerator<Item[]> {
  let start: StartKey | null = input.ExclusiveStartKey ?? null;
  do {
    const page = await db.send(new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    yield (page.Items ?? []) as Item[];
    start = page.LastEvaluatedKey ?? null;
  } while (start);
}

/** Every item a Query finds, up to `limit`. */
export async function queryAll(input: QueryCommandInput, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(input)) {
    items.push(...page);
    if (items.length >= limit) return items.slice(0, limit);
  }
  return items;
}

/**
 * A stored position (a mass mail job's cursor, an invalidation's scan position): the start
 * key as JSON, null at the end. `decodeCursor` reads back what `encodeCursor` wrote.
 */
export const encodeCursor = (start: StartKey | null | undefined): string | null =>
  start ? JSON.stringify(start) : null;
export const decodeCursor = (cursor: string | null | undefined): StartKey | null =>
  cursor ? (JSON.parse(cursor) as StartKey) : null;

/** The Query for one index partition, ascending or descending by its sort key. */
export function partitionQuery(index: IndexName, partition: string, descending: boolean) {
  return {
    TableName: tableName(),
    IndexName: index,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": `${index}PK` } as Record<string, string>,
    ExpressionAttributeValues: { ":pk": partition },
    ScanIndexForward: !descending,
  };
}
