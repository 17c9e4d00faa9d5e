/**
 * Stage 1 of the counter: each shard's batch of signature changes becomes, per chunk, one
 * transaction of the shard's cursor and one delta item per petition (shared/signatures/count.ts
 * states the invariant). The event names its shard because the event source mapping has a
 * tumbling window; the response carries the window's state, as Lambda requires.
 */
import middy from "@middy/core";
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { type CountEntry, entryOf } from "../../shared/signatures/count.ts";
import { applyShardRecords } from "../../shared/signatures/count-deltas.ts";
import { recordTrending } from "../../shared/signatures/trending-sources.ts";

const config = functionConfig("CountSignatures");

/** A DynamoDB stream event with a tumbling window (Lambda developer guide, services-ddb-windows). */
export type WindowedStreamEvent = DynamoDBStreamEvent & {
  shardId?: string;
  eventSourceARN?: string;
  window?: { start: string; end: string };
  state?: Record<string, string>;
  isFinalInvokeForWindow?: boolean;
  isWindowTerminatedEarly?: boolean;
};
export type WindowedResponse = DynamoDBBatchResponse & { state: Record<string, string> };

/** Time kept back for answering: a chunk is not started with less than this left. */
const RESERVE_MS = 5_000;

export async function countBatch(
  event: WindowedStreamEvent,
  now = () => new Date(),
  timeLeft: () => boolean = () => true,
): Promise<WindowedResponse> {
  // The window's final invocation carries no records: nothing to apply.
  if (event.Records.length === 0) return { state: {}, batchItemFailures: [] };
  if (!event.shardId) {
    // Without its shard no cursor can be kept: refuse rather than count twice.
    throw new Error("The stream event names no shard: CountSignatures needs a tumbling window");
  }
  const records = event.Records.map((record) => ({
    sequence: record.dynamodb?.SequenceNumber ?? "",
    entry: entryOf(record),
  }));
  const { applied, failedFrom } = await applyShardRecords(event.shardId, records, now, timeLeft);
  if (failedFrom) {
    logger.warn("a chunk of the counter's batch failed; Lambda retries from its first record", {
      code: LogCode.countFailed,
      shardId: event.shardId,
    });
  }
  const byPetition = new Map<number, CountEntry[]>();
  for (const entry of applied) {
    const id = entry.signature.petition_id;
    byPetition.set(id, [...(byPetition.get(id) ?? []), entry]);
  }
  for (const [petitionId, entries] of byPetition) {
    // Detection only: a lost tally never changes a count, so it must not fail the batch.
    await recordTrending(petitionId, entries, config, now()).catch((error: unknown) =>
      logger.warn("trending tally failed", {
        code: LogCode.trendingFailed,
        petitionId,
        errorName: (error as Error).name,
      }),
    );
  }
  return { state: {}, batchItemFailures: failedFrom ? [{ itemIdentifier: failedFrom }] : [] };
}

export const handler = middy<WindowedStreamEvent, WindowedResponse>()
  .use(observed())
  .handler((event, context: Context) =>
    countBatch(event, undefined, () => context.getRemainingTimeInMillis() > RESERVE_MS),
  );
