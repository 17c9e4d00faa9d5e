/**
 * A stream batch that still failed after Lambda's retries, or grew older than the mapping's
 * record age. Lambda's on-failure message holds no records, only where they are: the shard and
 * the first and last sequence numbers of the batch (the documented DynamoDB Streams invocation
 * record, Lambda developer guide "services-dynamodb-errors"). The records are read back from the
 * stream while it keeps them (24 hours).
 */
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { logger } from "../log.ts";
import * as z from "../zod.ts";

export const failedBatchSchema = z.object({
  requestContext: z.looseObject({ condition: z.optional(z.string()) }),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().check(z.minLength(1)),
    startSequenceNumber: z.string().check(z.regex(/^\d+$/)),
    endSequenceNumber: z.string().check(z.regex(/^\d+$/)),
    batchSize: z.number().check(z.int(), z.nonnegative()),
    streamArn: z.string().check(z.minLength(1)),
    approximateArrivalOfFirstRecord: z.optional(z.string()),
    approximateArrivalOfLastRecord: z.optional(z.string()),
  }),
});
export type FailedBatch = z.output<typeof failedBatchSchema>;
export type BatchInfo = FailedBatch["DDBStreamBatchInfo"];

/** GetRecords pages read for one range at most: a failed batch is at most a few thousand records. */
const MAX_PAGES = 50;

let client: DynamoDBStreamsClient | undefined;
const streams = () => (client ??= new DynamoDBStreamsClient({ maxAttempts: 4 }));

/**
 * The records of the range, or null when the stream no longer has them: the range's first
 * record is gone (trimmed after 24 hours) or the shard or stream is unknown.
 */
export async function readRange(info: BatchInfo): Promise<StreamRecord[] | null> {
  const start = BigInt(info.startSequenceNumber);
  const end = BigInt(info.endSequenceNumber);
  let iterator: string | undefined;
  try {
    ({ ShardIterator: iterator } = await streams().send(
      new GetShardIteratorCommand({
        StreamArn: info.streamArn,
        ShardId: info.shardId,
        ShardIteratorType: "AT_SEQUENCE_NUMBER",
        SequenceNumber: info.startSequenceNumber,
      }),
    ));
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TrimmedDataAccessException" || name === "ResourceNotFoundException") return null;
    throw error;
  }
  const records: StreamRecord[] = [];
  for (let page = 0; iterator && page < MAX_PAGES; page++) {
    let result: GetRecordsCommandOutput;
    try {
      result = await streams().send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    } catch (error) {
      if ((error as Error).name === "TrimmedDataAccessException") return null;
      throw error;
    }
    for (const record of result.Records ?? []) {
      const sequence = BigInt(record.dynamodb?.SequenceNumber ?? "0");
      if (records.length === 0 && sequence !== start) return null;
      if (sequence > end) return records;
      records.push(record);
    }
    // An empty page of an open shard means nothing newer yet: the range has been read.
    if ((result.Records ?? []).length === 0 && records.length > 0) return records;
    iterator = result.NextShardIterator;
  }
  return records.length > 0 ? records : null;
}

/** What a log line says of a failed batch: where its range is, never what its records hold. */
export const batchLogFields = (batch: FailedBatch) => ({
  shardId: batch.DDBStreamBatchInfo.shardId,
  startSequenceNumber: batch.DDBStreamBatchInfo.startSequenceNumber,
  endSequenceNumber: batch.DDBStreamBatchInfo.endSequenceNumber,
  batchSize: batch.DDBStreamBatchInfo.batchSize,
  condition: batch.requestContext.condition,
});

/** Log codes of one on-failure consumer: a message that is no on-failure record, and a failed repair. */
export interface FailureCodes {
  unreadable: string;
  failed: string;
}

/**
 * An on-failure queue's messages, each repaired by `repair`: a message that is not a stream
 * on-failure record, or whose repair throws, is reported failed, so SQS retries it and then
 * moves it to the queue's dead-letter queue (which has an alarm).
 */
export async function repairEach(
  event: SQSEvent,
  repair: (batch: FailedBatch) => Promise<unknown>,
  codes: FailureCodes,
): Promise<SQSBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  for (const message of event.Records) {
    const parsed = failedBatchSchema.safeParse(jsonOrUndefined(message.body));
    if (!parsed.success) {
      logger.error("not a stream on-failure message; left for the dead-letter queue", {
        code: codes.unreadable,
        messageId: message.messageId,
      });
      failures.push({ itemIdentifier: message.messageId });
      continue;
    }
    try {
      await repair(parsed.data);
    } catch (error) {
      logger.warn("repairing a failed stream batch failed; it will be retried", {
        code: codes.failed,
        messageId: message.messageId,
        errorName: (error as Error).name,
      });
      failures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures: failures };
}

function jsonOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
