/**
 * The local engine's stream batches, as Lambda makes them: one shard per batch; with a tumbling
 * window, one window per batch, the shard and window named, the state carried from invocation
 * to invocation and required in every answer, and a final invocation when the window ends;
 * without bisection, a failing batch is retried whole and parked whole, as one range.
 */
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { FunctionRunner } from "../../infra/local/functions.ts";
import { FunctionQueue, type ParkedRecord } from "../../infra/local/stream-batches.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";

type Event = {
  Records: DynamoDBRecord[];
  shardId?: string;
  state?: unknown;
  isFinalInvokeForWindow?: boolean;
  window?: { start: string };
};

const record = (sequence: number, createdSeconds = 1_800_000_000): DynamoDBRecord => ({
  eventID: `e${sequence}`,
  eventName: "INSERT",
  dynamodb: {
    SequenceNumber: String(sequence).padStart(21, "0"),
    ApproximateCreationDateTime: createdSeconds,
  },
});

function queueOf(
  stream: Partial<NonNullable<FunctionSpec["stream"]>>,
  answer: (event: Event) => unknown,
): { queue: FunctionQueue; events: Event[]; parked: ParkedRecord[] } {
  const events: Event[] = [];
  const parked: ParkedRecord[] = [];
  const runner = {
    invoke: async (_spec: FunctionSpec, event: unknown) => {
      events.push(structuredClone(event as Event));
      return answer(event as Event);
    },
  } as unknown as FunctionRunner;
  const spec = {
    name: "Counter",
    handler: "x.ts",
    description: "",
    stream: { filters: [], batchSize: 10, retryAttempts: 1, onFailure: "counterFailures", ...stream },
  } as FunctionSpec & { stream: NonNullable<FunctionSpec["stream"]> };
  return { queue: new FunctionQueue(spec, runner, (p) => parked.push(p), "arn:stream"), events, parked };
}

describe("stream batches", () => {
  it("never mixes shards in one batch, and keeps each shard's order", async () => {
    const { queue, events } = queueOf({}, () => ({ batchItemFailures: [] }));
    queue.pending.push(
      { record: record(1), attempts: 0, shardId: "a" },
      { record: record(2), attempts: 0, shardId: "a" },
      { record: record(3), attempts: 0, shardId: "b" },
      { record: record(4), attempts: 0, shardId: "a" },
    );
    await queue.run();
    expect(events.map((e) => e.Records.map((r) => r.eventID))).toEqual([["e1", "e2"], ["e3"], ["e4"]]);
  });

  it("names the shard and window, carries the state, and ends a window with its final invocation", async () => {
    const { queue, events } = queueOf({ tumblingWindowSeconds: 60 }, (event) => ({
      state: { seen: Number((event.state as { seen?: number }).seen ?? 0) + event.Records.length },
      batchItemFailures: [],
    }));
    queue.pending.push(
      { record: record(1, 1_800_000_000), attempts: 0, shardId: "a" },
      { record: record(2, 1_800_000_001), attempts: 0, shardId: "b" },
      { record: record(3, 1_800_000_002), attempts: 0, shardId: "a" },
      { record: record(4, 1_800_000_090), attempts: 0, shardId: "a" },
    );
    await queue.run();
    expect(events.map((e) => [e.shardId, e.Records.length, e.state, e.isFinalInvokeForWindow])).toEqual([
      ["a", 1, {}, false],
      ["b", 1, {}, false],
      ["a", 1, { seen: 1 }, false],
      // The shard's next window begins: the earlier one's final invocation, then a fresh state.
      ["a", 0, { seen: 2 }, true],
      ["a", 1, {}, false],
    ]);
    expect(events[0]?.window?.start).toBe(
      new Date(1_800_000_000 * 1000 - (1_800_000_000 % 60) * 1000).toISOString(),
    );
  });

  it("counts an answer without a state as a failure, as Lambda does", async () => {
    const { queue, events, parked } = queueOf({ tumblingWindowSeconds: 60 }, () => ({
      batchItemFailures: [],
    }));
    queue.pending.push({ record: record(1), attempts: 0, shardId: "a" });
    await queue.run();
    expect(events.length).toBe(2);
    expect(parked.map((p) => p.eventID)).toEqual(["e1"]);
  });

  it("without bisection retries the whole batch, then parks it as one range", async () => {
    const { queue, events, parked } = queueOf({ bisectOnError: false }, () => {
      throw new Error("down");
    });
    queue.pending.push(
      { record: record(1), attempts: 0, shardId: "a" },
      { record: record(2), attempts: 0, shardId: "a" },
      { record: record(3), attempts: 0, shardId: "a" },
    );
    await queue.run();
    expect(events.map((e) => e.Records.length)).toEqual([3, 3]);
    expect(parked.map((p) => p.eventID)).toEqual(["e1", "e2", "e3"]);
    const info = parked[0]?.onFailure?.DDBStreamBatchInfo;
    expect(info).toMatchObject({ shardId: "a", batchSize: 3 });
    expect([info?.startSequenceNumber, info?.endSequenceNumber]).toEqual([
      record(1).dynamodb?.SequenceNumber,
      record(3).dynamodb?.SequenceNumber,
    ]);
    expect(parked.filter((p) => p.onFailure)).toHaveLength(1);
  });
});
