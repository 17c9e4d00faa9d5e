/**
 * Bulk writes to the local table, for the seed and the benches: the bounded pool of workers, and
 * BatchWrite with its unprocessed items written again until none are left.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { pool } from "../../shared/pool.ts";
import { untilNoneLeft } from "../../shared/retry.ts";

function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Puts every item (read lazily, so a generator can stream millions), 25 to a request, with
 * `concurrency` requests in flight; `written(total)` hears how many have landed so far.
 */
export async function putAll(
  db: DynamoDBDocumentClient,
  table: string,
  items: Iterable<Record<string, unknown>>,
  options: { concurrency?: number; written?: (count: number) => void } = {},
): Promise<void> {
  let landed = 0;
  await pool(chunksOf(items, 25), options.concurrency ?? 8, async (chunk) => {
    const requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    await untilNoneLeft(
      requests,
      async (pending) => {
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: [...pending] } }));
        const left = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
        landed += pending.length - left.length;
        options.written?.(landed);
        return left;
      },
      {
        baseMs: 20,
        capMs: 1_000,
        maxAttempts: Number.POSITIVE_INFINITY,
        exhausted: () => new Error("BatchWrite kept leaving items unprocessed"),
      },
    );
  });
}
