/** A DynamoDB stream MODIFY record as Lambda hands it to a stream consumer, for driving one in a test. */
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";

export function modifyRecord(
  key: { PK: unknown; SK: unknown },
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  sequence: number,
): DynamoDBRecord {
  return {
    eventID: `e${sequence}`,
    eventName: "MODIFY",
    eventSource: "aws:dynamodb",
    dynamodb: {
      SequenceNumber: String(sequence).padStart(21, "0"),
      Keys: marshall({ PK: key.PK, SK: key.SK }) as never,
      OldImage: marshall({ ...before, ...key }, { removeUndefinedValues: true }) as never,
      NewImage: marshall({ ...after, ...key }, { removeUndefinedValues: true }) as never,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  };
}
