/**
 * The pure parts of recovering a failed counter batch: reading Lambda's on-failure message,
 * finding the petitions of a stream range, and which signatures a recount must still apply.
 */
import { describe, expect, it } from "vitest";
import { failedBatchSchema, petitionOfKey, petitionsIn } from "../../shared/signatures/failed-batch.ts";
import { missingEntry } from "../../shared/signatures/recount.ts";
import { signatureRecord } from "../support/signature-record.ts";

/** The invocation record Lambda's documentation shows for a DynamoDB stream. */
const documented = {
  requestContext: {
    requestId: "316aa6d0-8154-xmpl-9af7-85d5f4a6bc81",
    functionArn: "arn:aws:lambda:us-east-2:123456789012:function:myfunction",
    condition: "RetryAttemptsExhausted",
    approximateInvokeCount: 1,
  },
  responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
  version: "1.0",
  timestamp: "2019-11-14T00:13:49.717Z",
  DDBStreamBatchInfo: {
    shardId: "shardId-00000001573689847184-864758bb",
    startSequenceNumber: "800000000003126276362",
    endSequenceNumber: "800000000003126276362",
    approximateArrivalOfFirstRecord: "2019-11-14T00:13:19Z",
    approximateArrivalOfLastRecord: "2019-11-14T00:13:19Z",
    batchSize: 1,
    streamArn: "arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388",
  },
};

describe("the on-failure message", () => {
  it("reads Lambda's documented DynamoDB stream invocation record", () => {
    const parsed = failedBatchSchema.parse(documented);
    expect(parsed.DDBStreamBatchInfo).toMatchObject({
      shardId: "shardId-00000001573689847184-864758bb",
      startSequenceNumber: "800000000003126276362",
      batchSize: 1,
    });
  });

  it("refuses a message without a sequence range", () => {
    const { DDBStreamBatchInfo: _, ...withoutRange } = documented;
    expect(failedBatchSchema.safeParse(withoutRange).success).toBe(false);
    expect(
      failedBatchSchema.safeParse({
        ...documented,
        DDBStreamBatchInfo: { ...documented.DDBStreamBatchInfo, startSequenceNumber: "not a number" },
      }).success,
    ).toBe(false);
  });
});

describe("the petitions of a stream range", () => {
  it("are the petitions of its signature records, once each, other items ignored", () => {
    const record = (pk: string) => ({ dynamodb: { Keys: { PK: { S: pk }, SK: { S: "SLOT#1" } } } });
    expect(
      petitionsIn([
        record("SIGNATURE#12#abc"),
        record("PETITION#99"),
        record("SIGNATURE#3#def"),
        record("SIGNATURE#12#ghi"),
        record("OUTBOX#x"),
      ]),
    ).toEqual([3, 12]);
    expect(petitionOfKey("SIGNATURE#7#k")).toBe(7);
    expect(petitionOfKey(undefined)).toBeNull();
  });
});

describe("what a recount still applies", () => {
  const item = (fields: Record<string, unknown>) => ({
    ...signatureRecord(0, new Date("2026-01-01T00:00:00.000Z"), { constituency: null, region: null }),
    ...fields,
  });

  it("adds a validated signature the counter never counted, from the state it has", () => {
    expect(missingEntry(item({}))).toMatchObject({
      delta: 1,
      subscriberDelta: 0,
      before: { counted: false, subscribed: false },
    });
    expect(missingEntry(item({ notify_by_email: true }))).toMatchObject({ delta: 1, subscriberDelta: 1 });
  });

  it("takes off a counted signature that is no longer validated", () => {
    expect(missingEntry(item({ state: "invalidated", counted: true, counted_sub: true }))).toMatchObject({
      delta: -1,
      subscriberDelta: -1,
      before: { counted: true, subscribed: true },
    });
  });

  it("moves only the subscriber count when only the subscription was missed", () => {
    expect(missingEntry(item({ counted: true, counted_sub: true, notify_by_email: false }))).toMatchObject({
      delta: 0,
      subscriberDelta: -1,
    });
  });

  it("leaves a signature whose mark agrees with its state, and one that does not parse", () => {
    expect(missingEntry(item({ counted: true }))).toBeNull();
    expect(missingEntry(item({ state: "pending" }))).toBeNull();
    expect(missingEntry({ entity: "SIGNATURE", id: "x" })).toBeNull();
  });
});
