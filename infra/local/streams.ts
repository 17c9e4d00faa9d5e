/**
 * The table's stream, run locally with Lambda's semantics: records are read through the
 * DynamoDB Streams API, filtered by each function's patterns, handed over in ordered batches;
 * `batchItemFailures` are retried from the first failed record, a thrown error bisects the
 * batch, and a record that still fails after the function's retry limit is parked and logged,
 * never silently dropped. When the function names an on-failure queue, the parked record's
 * on-failure message (the shape Lambda sends: shard and sequence range) goes to that queue's
 * consumers, who can read the range back through the Streams API.
 */

import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamApiRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord } from "aws-lambda";
import { backoffMs } from "../../shared/retry.ts";
import type { FunctionSpec, QueueName } from "../topology-types.ts";
import { passesFilters } from "./filters.ts";
import type { FunctionRunner } from "./functions.ts";

export interface ParkedRecord {
  function: string;
  eventID: string;
  sequenceNumber: string;
  keys: unknown;
  attempts: number;
  error: string;
  at: string;
  /** The on-failure message sent to the function's on-failure queue, when it has one. */
  onFailure?: OnFailureMessage;
}

/** Lambda's on-failure invocation record for a DynamoDB stream batch (services-dynamodb-errors). */
export interface OnFailureMessage {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetryAttemptsExhausted";
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: "1.0";
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export type OnFailure = (queue: QueueName, message: OnFailureMessage) => Promise<void>;

interface Pending {
  record: DynamoDBRecord;
  attempts: number;
  shardId: string;
}

/** Retries wait longer each time, as Lambda's do, so a passing overload can clear. */
const backoff = (attempts: number) => backoffMs(attempts, { baseMs: 25, capMs: 5_000 });

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

class FunctionQueue {
  readonly pending: Pending[] = [];
  busy = false;
  /** Set when the engine stops: the batch in hand finishes, the rest of the backlog waits. */
  stopping = false;
  private nextBatchSize: number;

  constructor(
    readonly spec: FunctionSpec & { stream: NonNullable<FunctionSpec["stream"]> },
    private readonly runner: FunctionRunner,
    private readonly park: (entry: ParkedRecord) => void,
    private readonly streamArn: string,
  ) {
    this.nextBatchSize = spec.stream.batchSize;
  }

  get idle(): boolean {
    return !this.busy && this.pending.length === 0;
  }

  private get retryLimit(): number {
    return this.spec.stream.retryAttempts ?? 5;
  }

  private parkFirst(error: string): void {
    const first = this.pending.shift();
    if (!first) return;
    const sequence = first.record.dynamodb?.SequenceNumber ?? "";
    const arrival = new Date((first.record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
    // One record is retried alone after bisection, so its range is itself.
    const onFailure: OnFailureMessage | undefined = this.spec.stream.onFailure
      ? {
          requestContext: {
            requestId: randomUUID(),
            functionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${this.spec.name}`,
            condition: "RetryAttemptsExhausted",
            approximateInvokeCount: first.attempts,
          },
          responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
          version: "1.0",
          timestamp: new Date().toISOString(),
          DDBStreamBatchInfo: {
            shardId: first.shardId,
            startSequenceNumber: sequence,
            endSequenceNumber: sequence,
            approximateArrivalOfFirstRecord: arrival,
            approximateArrivalOfLastRecord: arrival,
            batchSize: 1,
            streamArn: this.streamArn,
          },
        }
      : undefined;
    this.park({
      function: this.spec.name,
      eventID: first.record.eventID ?? "",
      sequenceNumber: sequence,
      keys: first.record.dynamodb?.Keys,
      attempts: first.attempts,
      error,
      at: new Date().toISOString(),
      ...(onFailure ? { onFailure } : {}),
    });
  }

  /** Runs batches until the queue is empty; one batch in flight at a time keeps order. */
  async run(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.pending.length > 0 && !this.stopping) await this.runBatch();
    } finally {
      this.busy = false;
    }
  }

  private async runBatch(): Promise<void> {
    const batch = this.pending.slice(0, this.nextBatchSize);
    let failedAt = -1;
    let error = "";
    try {
      const result = (await this.runner.invoke(this.spec, { Records: batch.map((p) => p.record) })) as
        | { batchItemFailures?: { itemIdentifier?: string }[] }
        | undefined;
      const failures = result?.batchItemFailures ?? [];
      if (failures.length > 0) {
        const positions = failures.map((f) =>
          batch.findIndex((p) => p.record.dynamodb?.SequenceNumber === f.itemIdentifier),
        );
        // An identifier Lambda cannot place fails the whole batch.
        failedAt = positions.includes(-1) ? 0 : Math.min(...positions);
        error = "reported as a batch item failure";
      }
    } catch (thrown) {
      error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : "thrown";
      if (batch.length > 1) {
        for (const p of batch) p.attempts += 1;
        this.nextBatchSize = Math.max(1, Math.ceil(batch.length / 2));
        await sleep(backoff(batch[0]?.attempts ?? 1));
        return;
      }
      failedAt = 0;
    }
    if (failedAt === -1) {
      this.pending.splice(0, batch.length);
      this.nextBatchSize = this.spec.stream.batchSize;
      return;
    }
    // Records before the first failure are done; retry from it.
    this.pending.splice(0, failedAt);
    const first = this.pending[0];
    if (!first) return;
    first.attempts += 1;
    if (first.attempts > this.retryLimit) {
      this.parkFirst(error);
      this.nextBatchSize = this.spec.stream.batchSize;
      return;
    }
    await sleep(backoff(first.attempts));
  }
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
