/** Waiting for the service's own counter to count every seeded signature, and checking it did. */

import { setTimeout as sleep } from "node:timers/promises";
import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { countsKey } from "../../../shared/petitions/counts.ts";
import { pool } from "../../../shared/pool.ts";
import { SeedError } from "./engine-link.ts";
import type { PlannedPetition } from "./plan.ts";
import type { ProgressFactory } from "./progress.ts";
import type { SeedRequest } from "./run.ts";

/** How long counting may make no progress before the seed gives up and says so. */
const STALL_MS = 120_000;

async function readCounts(db: DynamoDBDocumentClient, table: string, ids: readonly number[]) {
  const counts = new Map<number, number>();
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += 100) batches.push(ids.slice(i, i + 100));
  await pool(batches, 4, async (batch) => {
    // The counts item: the document's snapshot of the counts lags it by up to a minute.
    let keys: Record<string, unknown>[] = batch.map((id) => countsKey(id));
    while (keys.length > 0) {
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: keys,
              ProjectionExpression: "petition_id, signature_count",
              ConsistentRead: true,
            },
          },
        }),
      );
      for (const item of Responses?.[table] ?? [])
        counts.set(Number(item.petition_id), Number(item.signature_count));
      keys = (UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  });
  return counts;
}

/** Polls the petitions still short of their count until none is; progress is the sum counted. */
export async function waitForCounts(
  db: DynamoDBDocumentClient,
  table: string,
  plan: readonly PlannedPetition[],
  expected: number,
  request: Pick<SeedRequest, "progress">,
) {
  const waiting = new Map(plan.map((p) => [p.record.id, p.expectedCount]));
  let counted = 0;
  let seen = 0;
  let lastProgress = Date.now();
  let bar: ReturnType<ProgressFactory> | null = null;
  for (;;) {
    const counts = await readCounts(db, table, [...waiting.keys()]);
    let partial = 0;
    for (const [id, want] of waiting) {
      const count = counts.get(id) ?? 0;
      if (count >= want) {
        counted += want;
        waiting.delete(id);
      } else partial += count;
    }
    if (counted + partial > seen) {
      seen = counted + partial;
      lastProgress = Date.now();
    }
    // The counter works while signatures are written: the bar starts at what it has done.
    bar ??= request.progress("Counting", expected, "signatures", seen);
    bar.update(seen);
    if (waiting.size === 0) break;
    if (Date.now() - lastProgress > STALL_MS) {
      throw new SeedError(
        `Counting made no progress for ${STALL_MS / 1000} s; ${waiting.size} petitions are short. See /_local/dead-letters.`,
      );
    }
    await sleep(500);
  }
  bar?.finish();
}

export async function countsThatDiffer(
  db: DynamoDBDocumentClient,
  table: string,
  plan: readonly PlannedPetition[],
) {
  const counts = await readCounts(
    db,
    table,
    plan.map((p) => p.record.id),
  );
  return plan
    .map((p) => ({ id: p.record.id, count: counts.get(p.record.id) ?? 0, expected: p.expectedCount }))
    .filter((c) => c.count !== c.expected);
}
