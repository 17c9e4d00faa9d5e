/**
 * The two-stage counter under Lambda's stream semantics, on the DynamoDB Local the engine uses:
 * arbitrary histories of confirmations, invalidations, restorations and unsubscriptions, spread
 * over shards (each named, as a tumbling window names it) that roll over to child shards.
 * Stage 1 (CountSignatures) gets batches that lose their reply after committing, are reported
 * as failed and replayed from the lowest failed sequence number, come again whole (the
 * function's answer lost), or come again from an earlier point (at-least-once). Stage 2
 * (MergeCounts) gets the delta items' inserts in batches that lose their reply after committing
 * and are replayed, or come twice; the engine's own MergeCounts merges the same deltas at the
 * same time. Once every shard is read to its end, the petition's counts equal a recount of the
 * signatures' final states: the total, each breakdown, the hour, the subscribers.
 */
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import "../support/in-process.ts";
import { signatureKey } from "../../shared/db/keys.ts";
import type { SignatureRecord } from "../../shared/signatures/model.ts";
import { drain, get, getItem, service } from "../support/api.ts";
import { openPetition } from "../support/flows.ts";
import { signatureRecord } from "../support/signature-record.ts";
import { modifyRecord } from "../support/stream-record.ts";

type Answer = { batchItemFailures: { itemIdentifier: string }[] };
let countBatch: (event: DynamoDBStreamEvent & { shardId: string }) => Promise<Answer>;
let mergeBatch: (event: DynamoDBStreamEvent) => Promise<Answer>;
let putSignature: (item: Record<string, unknown>) => Promise<void>;
let pendingDeltas: (petitionId: number) => Promise<Record<string, unknown>[]>;
let readCursor: (shardId: string) => Promise<string | null>;
/** Each of the next this many transactions of the test process commits, then its reply is lost. */
let repliesToLose = 0;

beforeAll(async () => {
  ({ countBatch } = await import("../../functions/streams/count-signatures.ts"));
  ({ mergeBatch } = await import("../../functions/streams/merge-counts.ts"));
  const { db, dynamo, tableName } = await import("../../shared/db/client.ts");
  const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
  const deltas = await import("../../shared/signatures/count-deltas.ts");
  readCursor = deltas.readCursor;
  putSignature = async (item) => {
    await db.send(new PutCommand({ TableName: tableName(), Item: item }));
  };
  pendingDeltas = async (petitionId) =>
    (await deltas.deltasOf(petitionId)) as unknown as Record<string, unknown>[];
  // Outside the SDK's retries: the code under test sees the lost reply itself.
  const stack = dynamo.middlewareStack as unknown as {
    add(middleware: unknown, options: { step: string; name: string }): void;
  };
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const result = await next(args);
        if (repliesToLose > 0 && /TransactWrite/.test(context.commandName ?? "")) {
          repliesToLose--;
          throw Object.assign(new Error("the reply was lost"), { name: "InternalServerError" });
        }
        return result;
      },
    { step: "initialize", name: "loseReplies" },
  );
});

/** Signatures of these property runs are all confirmed in one past hour, apart from every other test's. */
const HOUR = "2026-12-07T01";
const COUNTRIES = ["GB", "FR", "US"] as const;
const CONSTITUENCIES = ["E14000639", "S14000021", null] as const;
const REGIONS = ["E12000007", "S92000003", null] as const;

let serial = 0;
const emailKey = () => `ctr${Date.now().toString(36)}${(serial++).toString(36)}`.padEnd(22, "x").slice(0, 22);

type Action = "confirm" | "invalidate" | "restore" | "unsubscribe";

interface Counts {
  total: number;
  subscribers: number;
  country: Record<string, number>;
  constituency: Record<string, number>;
  region: Record<string, number>;
  hour: number;
}

interface CountsItem {
  signature_count: number;
  subscriber_count?: number;
  by_country: Record<string, number>;
  by_constituency: Record<string, number>;
  by_region: Record<string, number>;
}

async function countsOf(petitionId: number): Promise<Counts> {
  // The counts item once the counter has written one; the document's counts before.
  const item = ((await getItem(`PETITION#${petitionId}`, "PETITION#COUNTS")) ??
    (await getItem(`PETITION#${petitionId}`, "PETITION"))) as unknown as CountsItem;
  const hour = await getItem(`PETITION#${petitionId}`, `HOUR#${HOUR}`);
  return {
    total: item.signature_count,
    subscribers: item.subscriber_count ?? 0,
    country: { ...item.by_country },
    constituency: { ...item.by_constituency },
    region: { ...item.by_region },
    hour: Number(hour?.count ?? 0),
  };
}

/** What a recount of the signatures' final states gives, added to the counts before the run. */
function recount(before: Counts, finals: readonly SignatureRecord[]): Counts {
  const expected: Counts = {
    ...before,
    country: { ...before.country },
    constituency: { ...before.constituency },
    region: { ...before.region },
  };
  const add = (map: Record<string, number>, key: string | null) => {
    if (key) map[key] = (map[key] ?? 0) + 1;
  };
  for (const s of finals) {
    if (s.state !== "validated") continue;
    expected.total += 1;
    expected.hour += 1;
    if (s.notify_by_email) expected.subscribers += 1;
    add(expected.country, s.location);
    add(expected.constituency, s.constituency);
    add(expected.region, s.region);
  }
  return expected;
}

/** Zero entries are what a breakdown holds once a signature is taken off again: not a difference. */
const withoutZeros = (map: Record<string, number>) =>
  Object.fromEntries(Object.entries(map).filter(([, n]) => n !== 0));

function next(s: SignatureRecord, action: Action): SignatureRecord | null {
  switch (action) {
    case "confirm":
      return s.state === "pending" ? { ...s, state: "validated", validated_at: `${HOUR}:15:00.000Z` } : null;
    case "invalidate":
      return s.state === "validated" ? { ...s, state: "invalidated" } : null;
    case "restore":
      return s.state === "invalidated" ? { ...s, state: "validated" } : null;
    case "unsubscribe":
      return s.notify_by_email ? { ...s, notify_by_email: false } : null;
  }
}

interface ShardRecord {
  shard: string;
  record: DynamoDBRecord;
}

const record = (before: SignatureRecord, after: SignatureRecord, sequence: number): DynamoDBRecord =>
  modifyRecord(
    signatureKey(after.petition_id, after.id.split("-")[2] as string, after.slot),
    before,
    after,
    sequence,
  );

/** What Lambda does with one stage 1 batch: acknowledge it, or one of the ways it delivers records again. */
type Outcome =
  | { kind: "ok" }
  | { kind: "lostReply"; times: number }
  | { kind: "lostAnswer" }
  | { kind: "rewind"; by: number };

const outcomeArb: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "ok" as const }) },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 2 }).map((times) => ({ kind: "lostReply" as const, times })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "lostAnswer" as const }) },
  { weight: 1, arbitrary: fc.nat(8).map((by) => ({ kind: "rewind" as const, by: by + 1 })) },
);

/** What happens to one stage 2 batch of delta inserts. */
const mergeOutcomeArb = fc.constantFrom("ok", "ok", "lostReply", "twice", "later");

const historyArb = fc.record({
  signatures: fc.array(
    fc.record({
      country: fc.constantFrom(...COUNTRIES),
      constituency: fc.constantFrom(...CONSTITUENCIES),
      region: fc.constantFrom(...REGIONS),
      notify: fc.boolean(),
      shard: fc.nat(2),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  actions: fc.array(
    fc.record({
      signature: fc.nat(5),
      action: fc.constantFrom<Action>("confirm", "confirm", "invalidate", "restore", "unsubscribe"),
    }),
    { minLength: 4, maxLength: 24 },
  ),
  /** After how many records each shard hands over to its child shard. */
  rollover: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
  outcomes: fc.array(outcomeArb, { minLength: 1, maxLength: 20 }),
  mergeOutcomes: fc.array(mergeOutcomeArb, { minLength: 1, maxLength: 10 }),
  /** Which open shard Lambda reads next, in turn. */
  turns: fc.array(fc.nat(2), { minLength: 1, maxLength: 10 }),
});

type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

/** The delta items waiting, as the INSERT records their stream would hold. */
async function deltaInserts(petitionId: number): Promise<DynamoDBRecord[]> {
  return (await pendingDeltas(petitionId)).map((item, i) => ({
    eventID: `d${i}`,
    eventName: "INSERT",
    eventSource: "aws:dynamodb",
    dynamodb: {
      SequenceNumber: String(900_000 + i).padStart(21, "0"),
      Keys: marshall({ PK: item.PK, SK: item.SK }) as never,
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  }));
}

/** Stage 2 on the deltas waiting now, in one of the ways Lambda may deliver them. */
async function merge(petitionId: number, outcome: string, later: DynamoDBRecord[][]) {
  const inserts = await deltaInserts(petitionId);
  if (inserts.length === 0) return;
  if (outcome === "later") {
    // Delivered after other batches (another shard of the deltas' stream): it may find them gone.
    later.push(inserts);
    return;
  }
  if (outcome === "lostReply") repliesToLose = 1;
  let answer = await mergeBatch({ Records: inserts });
  repliesToLose = 0;
  for (let retry = 0; answer.batchItemFailures.length > 0; retry++) {
    if (retry > 10) throw new Error("the merge kept failing");
    // Lambda replays from the lowest failed sequence number.
    const failed = new Set(answer.batchItemFailures.map((f) => f.itemIdentifier));
    const from = inserts.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ""));
    answer = await mergeBatch({ Records: inserts.slice(from) });
  }
  if (outcome === "twice") await mergeBatch({ Records: inserts });
}

/**
 * Delivers every shard to its end the way Lambda does: a shard's batches in order, a child
 * shard only after its parent, a batch never spanning two shards, shards side by side in any
 * interleaving; stage 2 runs on the deltas between the batches.
 */
async function deliver(petitionId: number, lanes: ShardRecord[][], history: History) {
  const position = lanes.map(() => 0);
  const later: DynamoDBRecord[][] = [];
  let step = 0;
  const pick = <T>(list: readonly T[]) => list[step % list.length] as T;
  for (let guard = 0; position.some((p, i) => p < (lanes[i]?.length ?? 0)); guard++) {
    if (guard > 300) throw new Error("delivery did not finish");
    step++;
    const open = lanes.map((_, i) => i).filter((i) => (position[i] ?? 0) < (lanes[i]?.length ?? 0));
    const lane = open[pick(history.turns) % open.length] as number;
    const records = lanes[lane] as ShardRecord[];
    const from = position[lane] as number;
    const shard = records[from]?.shard as string;
    const batch = records
      .slice(from, from + pick(history.batchSizes))
      .filter((_, i, all) => all.slice(0, i + 1).every((s) => s.shard === shard))
      .map((r) => r.record);
    // Lambda retries a failing batch a bounded number of times; here every batch ends up read.
    const outcome = guard > 60 ? ({ kind: "ok" } as const) : pick(history.outcomes);
    if (outcome.kind === "lostReply") repliesToLose = outcome.times;
    const answer = await countBatch({ shardId: shard, Records: batch });
    repliesToLose = 0;
    const failed = answer.batchItemFailures.map((f) => f.itemIdentifier);
    const firstFailed =
      failed.length > 0 ? batch.findIndex((r) => failed.includes(r.dynamodb?.SequenceNumber ?? "")) : -1;
    if (firstFailed >= 0) {
      // ReportBatchItemFailures: Lambda replays from the lowest failed sequence number.
      position[lane] = from + firstFailed;
    } else if (outcome.kind === "rewind") {
      // At-least-once: records already acknowledged delivered again.
      position[lane] = Math.max(0, from + batch.length - outcome.by);
    } else if (outcome.kind !== "lostAnswer") {
      // lostAnswer: the function's answer never reached Lambda; the same batch comes again.
      position[lane] = from + batch.length;
    }
    await merge(petitionId, pick(history.mergeOutcomes), later);
  }
  for (const inserts of later) await mergeBatch({ Records: inserts });
  await merge(petitionId, "ok", later);
}

let run = 0;

describe("the two-stage counter under Lambda's stream semantics", () => {
  it("counts equal a recount of the signatures after any delivery", async () => {
    const petition = await openPetition();
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
        run++;
        await drain();
        const before = await countsOf(petition.id);
        const states: SignatureRecord[] = [];
        for (const [n, spec] of history.signatures.entries()) {
          const key = emailKey();
          const signature = signatureRecord(n, new Date(`${HOUR}:00:00.000Z`), {
            id: `${petition.id}-1-${key}`,
            petition_id: petition.id,
            state: "pending",
            location: spec.country,
            constituency: spec.constituency,
            region: spec.region,
            notify_by_email: spec.notify,
          });
          delete signature.validated_at;
          await putSignature({ ...signatureKey(petition.id, key, 1), ...signature });
          states.push(signature);
        }
        await drain();
        // Each signature's changes go to one lane, in order; a lane's shard hands over to a child
        // shard, whose sequence numbers start below its parent's (they are ordered within a shard only).
        const lanes: ShardRecord[][] = [[], [], []];
        const counts = [0, 0, 0];
        for (const { signature: index, action } of history.actions) {
          const i = index % states.length;
          const current = states[i] as SignatureRecord;
          const changed = next(current, action);
          if (!changed) continue;
          states[i] = changed;
          const lane = (history.signatures[i]?.shard ?? 0) % 3;
          const n = counts[lane] ?? 0;
          counts[lane] = n + 1;
          const parent = n < (history.rollover[lane] ?? 1);
          (lanes[lane] as ShardRecord[]).push({
            shard: `shardId-prop${run}-${lane}-${parent ? "a" : "b"}`,
            record: record(current, changed, (parent ? 9_000_000 : 1_000_000) + n),
          });
        }
        await deliver(petition.id, lanes, history);
        await drain();
        expect(await pendingDeltas(petition.id)).toEqual([]);
        const after = await countsOf(petition.id);
        const expected = recount(before, states);
        expect(after.total).toBe(expected.total);
        expect(after.hour).toBe(expected.hour);
        expect(after.hour - before.hour).toBe(after.total - before.total);
        expect(after.subscribers).toBe(expected.subscribers);
        expect(withoutZeros(after.country)).toEqual(withoutZeros(expected.country));
        expect(withoutZeros(after.constituency)).toEqual(withoutZeros(expected.constituency));
        expect(withoutZeros(after.region)).toEqual(withoutZeros(expected.region));
      }),
      { numRuns: Number(process.env.RUNS ?? 15), endOnFailure: true },
    );
  }, 600_000);
});

describe("the first stage's tumbling window", () => {
  it("answers the window's final invocation (no records) with a state, and refuses a batch naming no shard", async () => {
    const petition = await openPetition();
    expect(await countBatch({ shardId: `shardId-final-${petition.id}`, Records: [] })).toEqual({
      state: {},
      batchItemFailures: [],
    });
    const key = emailKey();
    const pending = signatureRecord(9, new Date(`${HOUR}:00:00.000Z`), {
      id: `${petition.id}-1-${key}`,
      petition_id: petition.id,
      state: "pending",
    });
    const confirmed = record(pending, { ...pending, state: "validated" }, 7_000);
    // Without its shard no cursor can be kept: Lambda retries it rather than counting it twice.
    await expect(
      countBatch({ Records: [confirmed] } as unknown as DynamoDBStreamEvent & { shardId: string }),
    ).rejects.toThrow(/names no shard/);
  });
});

describe("a lost reply after a committed write", () => {
  const confirmation = async (petitionId: number, n: number) => {
    const key = emailKey();
    const pending = signatureRecord(n, new Date(`${HOUR}:00:00.000Z`), {
      id: `${petitionId}-1-${key}`,
      petition_id: petitionId,
      state: "pending",
    });
    await putSignature({ ...signatureKey(petitionId, key, 1), ...pending });
    return record(pending, { ...pending, state: "validated", validated_at: `${HOUR}:20:00.000Z` }, 5_000 + n);
  };

  it("in stage 1 counts nothing twice: the retry finds the cursor moved and skips what it covers", async () => {
    const petition = await openPetition();
    await drain();
    const before = await countsOf(petition.id);
    const records = [await confirmation(petition.id, 1), await confirmation(petition.id, 2)];
    const shardId = `shardId-lost1-${petition.id}`;
    repliesToLose = 1;
    const answer = await countBatch({ shardId, Records: records });
    repliesToLose = 0;
    // The write landed; its reply did not: the batch is reported from its first record.
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber }]);
    expect(await readCursor(shardId)).toBe(records[1]?.dynamodb?.SequenceNumber);
    expect((await countBatch({ shardId, Records: records })).batchItemFailures).toEqual([]);
    await drain();
    await merge(petition.id, "ok", []);
    expect((await countsOf(petition.id)).total).toBe(before.total + 2);
  });

  it("in stage 2 counts nothing twice: the replay finds its deltas gone", async () => {
    const petition = await openPetition();
    await drain();
    const before = await countsOf(petition.id);
    const shardId = `shardId-lost2-${petition.id}`;
    // The engine's MergeCounts makes the only transactions after this one: the first commits, and
    // its reply is lost on every attempt of the SDK's, so Lambda retries the batch.
    await service.faults([
      {
        client: "dynamodb",
        commands: ["TransactWriteItemsCommand"],
        phase: "after",
        times: 4,
        error: "server",
      },
    ]);
    await countBatch({ shardId, Records: [await confirmation(petition.id, 3)] });
    await drain();
    const { injected } = (await get<{ injected: number }>("/_local/faults")).body;
    await service.clearFaults();
    expect(injected).toBe(4);
    expect(await pendingDeltas(petition.id)).toEqual([]);
    expect((await countsOf(petition.id)).total).toBe(before.total + 1);
  });
});
