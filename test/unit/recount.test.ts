/**
 * The pure parts of recovering a failed counter batch: reading Lambda's on-failure message,
 * finding the petitions of a stream range, and what a recount corrects.
 */
import { describe, expect, it } from "vitest";
import { type CountsRecord, noFigures } from "../../shared/petitions/counts.ts";
import { petitionOfKey, petitionsIn } from "../../shared/signatures/failed-batch.ts";
import { correctionOf, exactChange, movedBy } from "../../shared/signatures/recount.ts";
import { failedBatchSchema } from "../../shared/streams/failed-batch.ts";
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

describe("what a recount corrects", () => {
  const item = (fields: Record<string, unknown>) => ({
    ...signatureRecord(Math.floor(Math.random() * 1e6), new Date("2026-01-01T00:00:00.000Z"), {
      constituency: null,
      region: null,
    }),
    ...fields,
  });
  const counts = (fields: Partial<CountsRecord> = {}): CountsRecord => ({
    entity: "COUNTS",
    petition_id: 1,
    ...noFigures(),
    version: 3,
    updated_at: "2026-01-01T00:00:00.000Z",
    ...fields,
  });

  it("adds up validated signatures only, subscribers among them", () => {
    const exact = exactChange([
      item({}),
      item({ notify_by_email: true }),
      item({ state: "invalidated", notify_by_email: true }),
      item({ state: "pending" }),
      { entity: "SIGNATURE", id: "x" },
    ]);
    expect(exact).toMatchObject({ signature_count: 2, subscriber_count: 1, by_country: { GB: 2 } });
  });

  it("is the difference from the counts item, in every figure", () => {
    const exact = exactChange([item({}), item({ notify_by_email: true })]);
    const correction = correctionOf(counts({ signature_count: 3, by_country: { GB: 2, FR: 1 } }), exact);
    expect(correction).toMatchObject({
      signature_count: -1,
      subscriber_count: 1,
      by_country: { FR: -1 },
      hours: {},
    });
    expect(correction && movedBy(correction)).toBe(2);
  });

  it("is nothing when the counts agree with the signatures", () => {
    const exact = exactChange([item({})]);
    expect(correctionOf(counts({ signature_count: 1, by_country: { GB: 1 } }), exact)).toBeNull();
  });
});
