/**
 * The counter under Lambda's stream semantics, on the DynamoDB Local the engine uses: arbitrary
 * histories of confirmations, invalidations, restorations and unsubscriptions, spread over
 * shards that roll over to child shards, delivered in batches that fail after committing
 * (the reply lost), are retried whole or bisected, report a partial failure (Lambda replays
 * from the lowest failed sequence number) or are delivered again from an earlier point
 * (at-least-once). Once every shard is read to its end, the petition's counts equal a recount
 * of the signatures' final states: the total, each breakdown, the hour, the subscribers.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import "../support/in-process.ts";
import { signatureKey } from "../../shared/db/keys.ts";
import type { SignatureRecord } from "../../shared/signatures/model.ts";
import { getItem } from "../support/api.ts";
import { openPetition } from "../support/flows.ts";
import { signatureRecord } from "../support/signature-record.ts";
import { modifyRecord } from "../support/stream-record.ts";

type CountBatch = (
  event: DynamoDBStreamEvent,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let countBatch: CountBatch;
let putSignature: (item: Record<string, unknown>) => Promise<void>;

beforeAll(async () => {
  ({ countBatch } = await import("../../functions/streams/count-signatures.ts"));
  const { db, tableName } = await import("../../shared/db/client.ts");
  putSignature = async (item) => {
    await db.send(new PutCommand({ TableName: tableName(), Item: item }));
  };
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

interface PetitionItem {
  signature_count: number;
  subscriber_count?: number;
  by_country: Record<string, number>;
  by_constituency: Record<string, number>;
  by_region: Record<string, number>;
}

async function countsOf(petitionId: number): Promise<Counts> {
  const petition = (await getItem(`PETITION#${petitionId}`, "PETITION")) as unknown as PetitionItem;
  const hour = await getItem(`PETITION#${petitionId}`, `HOUR#${HOUR}`);
  return {
    total: petition.signature_count,
    subscribers: petition.subscriber_count ?? 0,
    country: { ...petition.by_country },
    constituency: { ...petition.by_constituency },
    region: { ...petition.by_region },
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

/** What Lambda does with one batch: acknowledge it, or one of the ways it delivers records again. */
type Outcome =
  | { kind: "ok" }
  | { kind: "lostReply" }
  | { kind: "bisect" }
  | { kind: "partial"; at: number }
  | { kind: "rewind"; by: number };

const outcomeArb: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "ok" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "lostReply" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "bisect" as const }) },
  { weight: 1, arbitrary: fc.nat(8).map((at) => ({ kind: "partial" as const, at })) },
  { weight: 1, arbitrary: fc.nat(8).map((by) => ({ kind: "rewind" as const, by: by + 1 })) },
);

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
  /** Which open shard Lambda reads next, in turn. */
  turns: fc.array(fc.nat(2), { minLength: 1, maxLength: 10 }),
});

type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Delivers every shard to its end the way Lambda does: a shard's batches in order, a child
 * shard only after its parent, shards side by side in any interleaving.
 */
async function deliver(shards: ShardRecord[][], history: History) {
  const position = shards.map(() => 0);
  let step = 0;
  const pick = <T>(list: readonly T[]) => list[step % list.length] as T;
  const invoke = (records: DynamoDBRecord[]) => countBatch({ Records: records });
  for (let guard = 0; position.some((p, i) => p < (shards[i]?.length ?? 0)); guard++) {
    if (guard > 200) throw new Error("delivery did not finish");
    step++;
    const open = shards.map((_, i) => i).filter((i) => (position[i] ?? 0) < (shards[i]?.length ?? 0));
    const shard = open[pick(history.turns) % open.length] as number;
    const records = shards[shard] as ShardRecord[];
    const from = position[shard] as number;
    const batch = records.slice(from, from + pick(history.batchSizes)).map((r) => r.record);
    // Lambda retries a failing batch a bounded number of times; here every batch ends up read.
    const outcome = guard > 40 ? { kind: "ok" as const } : pick(history.outcomes);
    const answer = await invoke(batch);
    // The counter itself never fails here; a failure is Lambda's view of the invocation.
    const failed = answer.batchItemFailures.map((f) => f.itemIdentifier);
    const firstFailed =
      failed.length > 0 ? batch.findIndex((r) => failed.includes(r.dynamodb?.SequenceNumber ?? "")) : -1;
    if (firstFailed >= 0) {
      position[shard] = from + firstFailed;
      continue;
    }
    switch (outcome.kind) {
      case "ok":
        position[shard] = from + batch.length;
        break;
      case "lostReply":
        // The function committed, its reply was lost: the same batch comes again (the loop).
        break;
      case "bisect": {
        // BisectBatchOnFunctionError: the batch is split in two and each half retried.
        const half = Math.ceil(batch.length / 2);
        await invoke(batch.slice(0, half));
        await invoke(batch.slice(half));
        position[shard] = from + batch.length;
        break;
      }
      case "partial":
        // ReportBatchItemFailures: Lambda replays from the lowest failed sequence number.
        position[shard] = from + Math.min(outcome.at, batch.length);
        break;
      case "rewind":
        // At-least-once: records already acknowledged delivered again.
        position[shard] = Math.max(0, from + batch.length - outcome.by);
        break;
    }
  }
}

describe("the counter under Lambda's stream semantics", () => {
  it("counts equal a recount of the signatures after any delivery", async () => {
    const petition = await openPetition();
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
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
        // Each signature's changes go to one shard, in order; a shard hands over to a child.
        const shards: ShardRecord[][] = [[], [], [], [], [], []];
        let sequence = 1_000_000;
        for (const { signature: index, action } of history.actions) {
          const i = index % states.length;
          const current = states[i] as SignatureRecord;
          const changed = next(current, action);
          if (!changed) continue;
          states[i] = changed;
          const lane = (history.signatures[i]?.shard ?? 0) % 3;
          const parent = shards[lane] as ShardRecord[];
          const child = shards[lane + 3] as ShardRecord[];
          const target = parent.length < (history.rollover[lane] ?? 1) && child.length === 0 ? parent : child;
          target.push({
            shard: `shardId-${lane}-${target === parent ? "a" : "b"}`,
            record: record(current, changed, sequence++),
          });
        }
        // A child shard is read after its parent: append it to the parent's records.
        const lanes = [0, 1, 2].map((lane) => [...(shards[lane] ?? []), ...(shards[lane + 3] ?? [])]);
        await deliver(lanes, history);
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
  }, 300_000);
});
