/**
 * One stream function's backlog, run with Lambda's batch semantics: ordered batches, one in
 * flight; `batchItemFailures` are retried from the first failed record, a thrown error bisects
 * the batch, and a record that still fails after the function's retry limit is parked with the
 * on-failure message Lambda would send (shard and sequence range).
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { DynamoDBRecord } from "aws-lambda";
import { backoffMs } from "../../shared/retry.ts";
import { type FunctionSpec, functionDefaults, type QueueName } from "../../shared/topology-types.ts";
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

export interface Pending {
  record: DynamoDBRecord;
  attempts: number;
  shardId: string;
}

/** Retries wait longer each time, as Lambda's do, so a passing overload can clear. */
const backoff = (attempts: number) => backoffMs(attempts, { baseMs: 25, capMs: 5_000 });

export class FunctionQueue {
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
    return this.spec.stream.retryAttempts ?? functionDefaults.streamRetryAttempts;
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
