import { describe, expect, it } from "vitest";
import { readKeys, writtenKeys } from "../../infra/local/call-log.ts";
import { keyClass } from "../../infra/local/key-class.ts";

describe("the local engine's call log", () => {
  it("names each item a write touches, marshalled or not", () => {
    expect(
      writtenKeys("TransactWriteItems", {
        TransactItems: [
          { Put: { Item: { PK: { S: "SIGNATURE#1#abc" }, SK: { S: "SLOT#1" } } } },
          { Update: { Key: { PK: "MAILCAP#all#abc", SK: "DAYS" } } },
          { ConditionCheck: { Key: { PK: "X", SK: "Y" } } },
          { Delete: { Key: { PK: "OUTBOX#1", SK: "OUTBOX" } } },
        ],
      }),
    ).toEqual(["SIGNATURE#1#abc|SLOT#1", "MAILCAP#all#abc|DAYS", "OUTBOX#1|OUTBOX"]);
    expect(writtenKeys("UpdateItem", { Key: { PK: "RATE#a", SK: "RATE" } })).toEqual(["RATE#a|RATE"]);
    expect(
      writtenKeys("BatchWriteItem", {
        RequestItems: {
          t: [
            { PutRequest: { Item: { PK: "A", SK: "B" } } },
            { DeleteRequest: { Key: { PK: "C", SK: "D" } } },
          ],
        },
      }),
    ).toEqual(["A|B", "C|D"]);
    expect(writtenKeys("Query", {})).toEqual([]);
  });

  it("names what a read reads", () => {
    expect(readKeys("GetItem", { Key: { PK: "PETITION#1", SK: "PETITION" } })).toEqual([
      "PETITION#1|PETITION",
    ]);
    expect(readKeys("Query", { ExpressionAttributeValues: { ":pk": "BLOCK" } })).toEqual(["BLOCK"]);
  });

  it("groups keys by kind, without their ids", () => {
    expect(keyClass("PETITION#12|PETITION")).toBe("petition.petition");
    expect(keyClass("SIGNATURE#12#abc|SLOT#1")).toBe("signature.slot");
    expect(keyClass("LOCAL#E14000639|999999999998")).toBe("local.n");
    expect(keyClass("PETITION#12|PETITION#COUNTS")).toBe("petition.petition_counts");
    expect(keyClass("CURSOR#shardId-00001733|CURSOR")).toBe("cursor.cursor");
    expect(keyClass("PETITION#12|HOUR#2026-12-07T05")).toBe("petition.hour");
  });
});
