/**
 * BatchGetItem written once: keys go 100 to a call, at most 8 calls in flight, and the keys a
 * call leaves unprocessed are asked again with backoff until none are left.
 */
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { pool } from "../pool.ts";
import { untilNoneLeft } from "../retry.ts";
import { db, tableName } from "./client.ts";
import type { Item } from "./query.ts";

export interface BatchGetOptions {
  /** Only these attributes; `names` stands in for reserved words. */
  projection?: { expression: string; names?: Record<string, string> };
  consistentRead?: boolean;
}

const KEYS_PER_CALL = 100;
const CALLS_IN_FLIGHT = 8;

/** The items found for `keys`, in no particular order; missing items are left out. */
export async function batchGet(keys: readonly Item[], options: BatchGetOptions = {}): Promise<Item[]> {
  const table = tableName();
  const chunks: Item[][] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_CALL) chunks.push(keys.slice(i, i + KEYS_PER_CALL));
  const found: Item[] = [];
  const { projection, consistentRead } = options;
  await pool(chunks, CALLS_IN_FLIGHT, (chunk) =>
    untilNoneLeft(
      chunk,
      async (pending) => {
        const result = await db.send(
          new BatchGetCommand({
            RequestItems: {
              [table]: {
                Keys: [...pending],
                ...(projection ? { ProjectionExpression: projection.expression } : {}),
                ...(projection?.names ? { ExpressionAttributeNames: projection.names } : {}),
                ...(consistentRead ? { ConsistentRead: true } : {}),
              },
            },
          }),
        );
        found.push(...((result.Responses?.[table] ?? []) as Item[]));
        return (result.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
      },
      {
        baseMs: 10,
        capMs: 1_000,
        maxAttempts: 9,
        exhausted: () => new Error("BatchGet kept leaving keys unprocessed"),
      },
    ),
  );
  return found;
}
