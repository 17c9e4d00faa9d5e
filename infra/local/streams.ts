/**
 * The table's stream, run locally with Lambda's semantics: records are read through the
 * DynamoDB Streams API, filtered by each function's patterns, handed over in ordered batches
 * (stream-batches.ts); `batchItemFailures` are retried from the first failed record, a thrown
 * error bisects the batch, and a record that still fails after the function's retry limit is
 * parked and logged, never silently dropped. When the function names an on-failure queue, the
 * parked record's on-failure message (the shape Lambda sends: shard and sequence range) goes to
 * that queue's consumers, who can read the range back through the Streams API.
 */

import { setTimeout as sleep } from "node:timers/promises";
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamApiRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord } from "aws-lambda";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { passesFilters } from "./filters.ts";
import type { FunctionRunner } from "./functions.ts";
import type { StreamImage } from "./index-writes.ts";
import { FunctionQueue, type OnFailure, type ParkedRecord } from "./stream-batches.ts";

type Image = NonNullable<NonNullable<DynamoDBRecord["dynamodb"]>["NewImage"]>;
type StreamValue = Image[string];

/**
 * The Streams API client reads an empty map (`{"M":{}}`) back as `{}`, with no type at all;
 * Lambda's own records keep `M`, as the Streams API reference's AttributeValue has exactly one
 * type member. Such a value can only have been an empty map.
 */
function restoreEmptyMaps(value: StreamValue): StreamValue {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) {
    return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, restoreEmptyMaps(v)])) };
  }
  if (value.L) return { L: value.L.map(restoreEmptyMaps) };
  return value;
}

const restoreImage = (image: Image | undefined): Image | undefined =>
  image && Object.fromEntries(Object.entries(image).map(([k, v]) => [k, restoreEmptyMaps(v)]));

/** The Streams API's record, as Lambda hands it to a function (images as Lambda delivers them). */
export function toLambdaRecord(record: StreamApiRecord, streamArn: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  const images = record.dynamodb as DynamoDBRecord["dynamodb"];
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord["eventName"],
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion ?? "eu-west-2",
    eventSourceARN: streamArn,
    dynamodb: {
      ...images,
      ...(images?.Keys ? { Keys: restoreImage(images.Keys) } : {}),
      ...(images?.NewImage ? { NewImage: restoreImage(images.NewImage) } : {}),
      ...(images?.OldImage ? { OldImage: restoreImage(images.OldImage) } : {}),
      ApproximateCreationDateTime:
        created instanceof Date ? Math.floor(created.getTime() / 1000) : Number(created ?? 0),
    },
  };
}

export class StreamPoller {
  private readonly client: DynamoDBStreamsClient;
  private readonly queues: FunctionQueue[];
  private readonly iterators = new Map<string, string | null>();
  private readonly emptyRounds = new Map<string, number>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  /** While set, the loop reads nothing; see `withoutStream`. */
  private paused: { resolve: () => void; acknowledged: Promise<void> } | null = null;
  readonly parked: ParkedRecord[] = [];
  /** On-failure messages being handed to their queue's consumers. */
  private readonly sending = new Set<Promise<void>>();
  private readonly seenKeys = new Set<string>();
  /** Records fetched that belong to a function, for `drain`. */
  delivered = 0;

  constructor(
    endpoint: string,
    private readonly streamArn: string,
    functions: readonly FunctionSpec[],
    runner: FunctionRunner,
    private readonly log: (line: string) => void,
    onFailure: OnFailure = async () => {},
    /** Sees every record's images as it is read (the call log's index-write tally). */
    private readonly observe: (oldImage?: StreamImage, newImage?: StreamImage) => void = () => {},
  ) {
    this.client = new DynamoDBStreamsClient({
      endpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    this.queues = functions
      .filter((spec): spec is FunctionSpec & { stream: NonNullable<FunctionSpec["stream"]> } =>
        Boolean(spec.stream),
      )
      .map(
        (spec) =>
          new FunctionQueue(
            spec,
            runner,
            (entry) => {
              this.parked.push(entry);
              this.log(
                `stream: parked a record for ${entry.function} after ${entry.attempts} tries (${entry.error})`,
              );
              const queue = spec.stream.onFailure;
              if (queue && entry.onFailure) {
                const sent = onFailure(queue, entry.onFailure).finally(() => this.sending.delete(sent));
                this.sending.add(sent);
              }
            },
            streamArn,
          ),
      );
  }

  start(): void {
    this.loop ??= this.pollForever();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const queue of this.queues) queue.stopping = true;
    await this.loop;
    while (this.queues.some((q) => q.busy)) await sleep(20);
    await Promise.allSettled([...this.sending]);
    this.client.destroy();
  }

  get idle(): boolean {
    return this.sending.size === 0 && this.queues.every((q) => q.idle);
  }

  /**
   * Runs `write` with the poller stopped, then moves every shard's iterator to LATEST, so the
   * records `write` made are never delivered (for benches that seed data exactly as the stream
   * consumers would have left it, and must not wait for them to re-derive it). Records fetched
   * before the pause are still processed.
   */
  async withoutStream<T>(write: () => Promise<T>): Promise<T> {
    if (this.paused) throw new Error("withoutStream does not nest");
    let acknowledge = () => {};
    const acknowledged = new Promise<void>((resolve) => {
      acknowledge = resolve;
    });
    this.paused = { resolve: acknowledge, acknowledged };
    await acknowledged;
    try {
      return await write();
    } finally {
      await this.discoverShards();
      for (const shard of this.iterators.keys()) {
        const { ShardIterator } = await this.client.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shard,
            ShardIteratorType: "LATEST",
          }),
        );
        this.iterators.set(shard, ShardIterator ?? null);
      }
      this.paused = null;
    }
  }

  /** Has the poller fetched a record with this partition key? */
  hasSeen(pk: string): boolean {
    return this.seenKeys.has(pk);
  }

  /** Every open shard has been read to its end at least `rounds` times. */
  shardsQuiet(rounds: number): boolean {
    for (const [shard, iterator] of this.iterators) {
      if (iterator !== null && (this.emptyRounds.get(shard) ?? 0) < rounds) return false;
    }
    return true;
  }

  resetQuiet(): void {
    this.emptyRounds.clear();
  }

  private async discoverShards(): Promise<void> {
    let exclusiveStart: string | undefined;
    do {
      const { StreamDescription } = await this.client.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: exclusiveStart }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || this.iterators.has(shard.ShardId)) continue;
        const { ShardIterator } = await this.client.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: "TRIM_HORIZON",
          }),
        );
        this.iterators.set(shard.ShardId, ShardIterator ?? null);
      }
      exclusiveStart = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart);
  }

  private async pollForever(): Promise<void> {
    let lastDiscovery = 0;
    while (!this.stopped) {
      if (this.paused) {
        this.paused.resolve();
        await sleep(40);
        continue;
      }
      try {
        if (Date.now() - lastDiscovery > 1_000) {
          await this.discoverShards();
          lastDiscovery = Date.now();
        }
        let fetched = 0;
        for (const [shard, iterator] of this.iterators) {
          if (!iterator) continue;
          const result = await this.client.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
          );
          this.iterators.set(shard, result.NextShardIterator ?? null);
          const records = result.Records ?? [];
          fetched += records.length;
          this.emptyRounds.set(shard, records.length === 0 ? (this.emptyRounds.get(shard) ?? 0) + 1 : 0);
          this.dispatch(records, shard);
        }
        if (fetched === 0) await sleep(40);
      } catch (error) {
        if (this.stopped) break;
        this.log(
          `stream: polling failed, retrying (${error instanceof Error ? error.message : String(error)})`,
        );
        await sleep(500);
      }
    }
  }

  private dispatch(records: StreamApiRecord[], shardId: string): void {
    for (const raw of records) {
      const record = toLambdaRecord(raw, this.streamArn);
      this.observe(record.dynamodb?.OldImage as StreamImage, record.dynamodb?.NewImage as StreamImage);
      const pk = record.dynamodb?.Keys?.PK?.S;
      if (pk) this.seenKeys.add(pk);
      for (const queue of this.queues) {
        if (passesFilters(record, queue.spec.stream.filters)) {
          queue.pending.push({ record, attempts: 0, shardId });
          this.delivered += 1;
        }
      }
    }
    for (const queue of this.queues) if (queue.pending.length > 0) void queue.run();
  }
}

export interface TableStreamDeps {
  admin: DynamoDBClient;
  endpoint: string;
  tableName: string;
  functions: readonly FunctionSpec[];
  runner: FunctionRunner;
  log: (line: string) => void;
  onFailure: OnFailure;
  observe?: (oldImage?: StreamImage, newImage?: StreamImage) => void;
}

/** Follows the table's current stream from its start. */
export async function followTableStream(deps: TableStreamDeps): Promise<StreamPoller> {
  const { admin, endpoint, tableName, functions, runner, log, onFailure, observe } = deps;
  const { Table } = await admin.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new Error("The table has no stream");
  const started = new StreamPoller(
    endpoint,
    Table.LatestStreamArn,
    functions,
    runner,
    log,
    onFailure,
    observe,
  );
  started.start();
  return started;
}
