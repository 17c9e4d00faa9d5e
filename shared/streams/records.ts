/** Stream records to typed items: unmarshalled and checked with zod at the edge. */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import type { z } from "zod";

type Image = Record<string, AttributeValue>;

export function imageOf(
  record: DynamoDBRecord,
  which: "NewImage" | "OldImage",
): Record<string, unknown> | null {
  const image = record.dynamodb?.[which] as Image | undefined;
  return image ? unmarshall(image) : null;
}

export function parseImage<S extends z.ZodType>(
  record: DynamoDBRecord,
  which: "NewImage" | "OldImage",
  schema: S,
): z.output<S> | null {
  const image = imageOf(record, which);
  return image ? schema.parse(image) : null;
}
