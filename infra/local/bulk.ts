/**
 * Bulk writes to the local table, for the seed and the benches: a bounded pool of workers, and
 * BatchWrite with its unprocessed items written again until none are left.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Runs `task` over `items` with at most `limit` in flight; stops taking new items once `until()` is false. */
export async function pool<T>(
  items: Iterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
  until: () => boolean = () => true,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async () => {
    for (;;) {
      if (!until()) return;
      const next = iterator.next();
      if (next.done) return;
      await task(next.value);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

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
    let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1_000, 20 * 2 ** attempt)));
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      const left = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      landed += requests.length - left.length;
      options.written?.(landed);
      requests = left;
    }
  });
}
