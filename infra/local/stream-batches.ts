/**
 * One stream function's backlog, run with Lambda's batch semantics: ordered batches, one in
 * flight, each from one shard; `batchItemFailures` are retried from the first failed record, a
 * thrown error bisects the batch (unless the function turns bisection off: then the whole batch
 * is retried), and what still fails after the function's retry limit is parked with the
 * on-failure message Lambda would send (shard and sequence range).
 *
 * With a tumbling window, a batch also holds one window's records only; each invocation names
 * its shard and window and carries the state the previous invocation of that window returned,
 * and an answer without a `state` is a failure, as Lambda's is. The window's final invocation
 * (`isFinalInvokeForWindow`, no records) is sent when the shard's next window begins.
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

/**
 * Retries wait longer each time, so a passing overload can clear. Lambda documents the retries
 * (their limit, bisection, the on-failure destination), not their spacing: here 50 ms doubling to
 * at most 1 s, so a record that fails every try reaches its on-failure path in seconds (~7 s for
 * ten retries), as the recovery tests need, and nothing here depends on the spacing.
 */
const backoff = (attempts: number) => backoffMs(attempts, { baseMs: 25, capMs: 1_000 });

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

  /** Parks the first `count` records: the range Lambda names in its on-failure message. */
  private parkFirst(error: string, count = 1): void {
    const parked = this.pending.splice(0, count);
    const first = parked[0];
    const last = parked.at(-1);
    if (!first || !last) return;
    const sequence = first.record.dynamodb?.SequenceNumber ?? "";
    const arrivalOf = (p: Pending) =>
      new Date((p.record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000)
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z");
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
            endSequenceNumber: last.record.dynamodb?.SequenceNumber ?? "",
            approximateArrivalOfFirstRecord: arrivalOf(first),
            approximateArrivalOfLastRecord: arrivalOf(last),
            batchSize: parked.length,
            streamArn: this.streamArn,
          },
        }
      : undefined;
    for (const [i, p] of parked.entries()) {
      this.park({
        function: this.spec.name,
        eventID: p.record.eventID ?? "",
        sequenceNumber: p.record.dynamodb?.SequenceNumber ?? "",
        keys: p.record.dynamodb?.Keys,
        attempts: p.attempts,
        error,
        at: new Date().toISOString(),
        // One message for the range, with its first record.
        ...(onFailure && i === 0 ? { onFailure } : {}),
      });
    }
  }

  /** The tumbling window (epoch-aligned, by the record's creation time) a record falls in. */
  private windowOf(p: Pending): { start: string; end: string } | null {
    const seconds = this.spec.stream.tumblingWindowSeconds;
    if (seconds === undefined) return null;
    const created = p.record.dynamodb?.ApproximateCreationDateTime ?? 0;
    const start = Math.floor(created / seconds) * seconds;
    const iso = (s: number) => new Date(s * 1000).toISOString();
    return { start: iso(start), end: iso(start + seconds) };
  }

  /** The next batch: the leading records of one shard (and one window), up to the batch size. */
  private nextBatch(): Pending[] {
    const first = this.pending[0];
    if (!first) return [];
    const window = JSON.stringify(this.windowOf(first));
    const batch: Pending[] = [];
    for (const p of this.pending) {
      if (batch.length >= this.nextBatchSize) break;
      if (p.shardId !== first.shardId || JSON.stringify(this.windowOf(p)) !== window) break;
      batch.push(p);
    }
    return batch;
  }

  /** Each shard's open window and the state its last invocation returned. */
  private readonly windows = new Map<string, { window: { start: string; end: string }; state: unknown }>();

  /** The invocation's event: the records, and with a tumbling window its shard, window and state. */
  private async eventFor(batch: Pending[]): Promise<Record<string, unknown>> {
    const first = batch[0] as Pending;
    const window = this.windowOf(first);
    if (!window) return { Records: batch.map((p) => p.record) };
    const open = this.windows.get(first.shardId);
    if (open && open.window.start !== window.start) {
      // The shard's earlier window has ended: its final invocation, with the state it reached.
      const answer = await this.runner.invoke(this.spec, {
        Records: [],
        ...this.windowFields(first.shardId, open.window, open.state),
        isFinalInvokeForWindow: true,
      });
      stateOf(answer);
      this.windows.delete(first.shardId);
    }
    const state = this.windows.get(first.shardId)?.state ?? {};
    return { Records: batch.map((p) => p.record), ...this.windowFields(first.shardId, window, state) };
  }

  private windowFields(shardId: string, window: { start: string; end: string }, state: unknown) {
    return {
      window,
      state,
      shardId,
      eventSourceARN: this.streamArn,
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    };
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
    const batch = this.nextBatch();
    let failedAt = -1;
    let error = "";
    try {
      const result = (await this.runner.invoke(this.spec, await this.eventFor(batch))) as
        | { batchItemFailures?: { itemIdentifier?: string }[]; state?: unknown }
        | undefined;
      const window = batch[0] && this.windowOf(batch[0]);
      if (window && batch[0]) this.windows.set(batch[0].shardId, { window, state: stateOf(result) });
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
      if (this.spec.stream.bisectOnError === false) {
        // The whole batch again, from its first record, until the retry limit parks it all.
        for (const p of batch) p.attempts += 1;
        const attempts = batch[0]?.attempts ?? 1;
        if (attempts > this.retryLimit) {
          this.parkFirst(error, batch.length);
          this.nextBatchSize = this.spec.stream.batchSize;
          return;
        }
        await sleep(backoff(attempts));
        return;
      }
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

/** The `state` a tumbling-window invocation returned; without one, Lambda counts it a failure. */
function stateOf(answer: unknown): unknown {
  const state = (answer as { state?: unknown } | undefined)?.state;
  if (state === undefined || state === null || typeof state !== "object") {
    throw new Error("A tumbling-window invocation must return a state");
  }
  return state;
}
