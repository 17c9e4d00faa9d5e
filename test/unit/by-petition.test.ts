import { setTimeout as sleep } from "node:timers/promises";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { LogCode } from "../../shared/log-codes.ts";
import { byPetition, PETITIONS_AT_ONCE } from "../../shared/streams/by-petition.ts";

const record = (petitionId: number, sequence: number): DynamoDBRecord => ({
  eventName: "INSERT",
  dynamodb: { SequenceNumber: String(sequence), NewImage: { petition_id: { N: String(petitionId) } } },
});
const grouped = (r: DynamoDBRecord) => ({
  petitionId: Number(r.dynamodb?.NewImage?.petition_id?.N),
  entry: Number(r.dynamodb?.SequenceNumber),
});

describe("a stream batch handled petition by petition", () => {
  // 30 petitions, three records each, interleaved as a stream delivers them.
  const records = Array.from({ length: 90 }, (_, i) => record(i % 30, i));

  it("works on each petition once, with its records in order, a bounded number at a time", async () => {
    const seen = new Map<number, number[]>();
    let running = 0;
    let most = 0;
    const result = await byPetition(
      records,
      grouped,
      async (petitionId, entries) => {
        running += 1;
        most = Math.max(most, running);
        await sleep(2);
        seen.set(petitionId, entries);
        running -= 1;
      },
      LogCode.countFailed,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(seen.size).toBe(30);
    expect(seen.get(4)).toEqual([4, 34, 64]);
    expect(most).toBe(PETITIONS_AT_ONCE);
  });

  it("reports exactly the failed petition's records for retry, and the others stand", async () => {
    const done: number[] = [];
    const result = await byPetition(
      records,
      grouped,
      async (petitionId) => {
        if (petitionId === 7) throw new Error("conflict");
        done.push(petitionId);
      },
      LogCode.countFailed,
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["7", "37", "67"]);
    expect(done).toHaveLength(29);
  });

  it("skips records that belong to no petition", async () => {
    const result = await byPetition(
      records,
      () => null,
      async () => {
        throw new Error("never called");
      },
      LogCode.countFailed,
    );
    expect(result.batchItemFailures).toEqual([]);
  });
});
