/**
 * A counter batch that still failed after its retries. Lambda's on-failure message holds no
 * records, only where they are: the shard and the first and last sequence numbers of the batch
 * (the documented DynamoDB Streams invocation record). The records are read back from the
 * stream while it keeps them (24 hours) and applied once (recover-batch.ts). When the range can no longer be read (trimmed, or the stream replaced),
 * every petition that can gain signatures is marked instead, and the reconciliation job
 * recounts them a few per run.
 */
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import * as z from "zod";
import { tableName } from "../db/client.ts";
import { queryPages } from "../db/query.ts";
import { COUNTING_STATES } from "../domain/petition-state.ts";

export const failedBatchSchema = z.object({
  requestContext: z.object({ condition: z.string().optional() }).passthrough(),
  DDBStreamBatchInfo: z.object({
    shardId: z.string().min(1),
    startSequenceNumber: z.string().regex(/^\d+$/),
    endSequenceNumber: z.string().regex(/^\d+$/),
    batchSize: z.number().int().nonnegative(),
    streamArn: z.string().min(1),
  }),
});
export type FailedBatch = z.output<typeof failedBatchSchema>;
export type BatchInfo = FailedBatch["DDBStreamBatchInfo"];

/** GetRecords pages read for one range at most: a failed batch is at most a few thousand records. */
const MAX_PAGES = 50;

let client: DynamoDBStreamsClient | undefined;
const streams = () => (client ??= new DynamoDBStreamsClient({ maxAttempts: 4 }));

/** The petition a stream record's key belongs to, when it is a signature. */
export function petitionOfKey(pk: string | undefined): number | null {
  const match = pk?.match(/^SIGNATURE#(\d+)#/);
  return match?.[1] ? Number(match[1]) : null;
}

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

/** The petitions a range of stream records touched. */
export function petitionsIn(records: readonly StreamRecord[]): number[] {
  const ids = new Set<number>();
  for (const record of records) {
    const id = petitionOfKey(record.dynamodb?.Keys?.PK?.S);
    if (id !== null) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Every petition that can gain or lose counted signatures: open, or collecting supporters. */
export async function petitionsThatCount(): Promise<number[]> {
  const ids: number[] = [];
  for (const state of COUNTING_STATES) {
    const pages = queryPages({
      TableName: tableName(),
      IndexName: "byState",
      KeyConditionExpression: "byStatePK = :pk",
      ExpressionAttributeValues: { ":pk": `STATE#${state}` },
      ProjectionExpression: "id",
    });
    for await (const page of pages) for (const item of page) ids.push(Number(item.id));
  }
  return ids;
}
