/**
 * Stream records to typed items: unmarshalled and checked with zod at the edge. Records are read
 * exactly as Lambda delivers them (images in DynamoDB JSON, one type member per value); the local
 * engine hands its functions the same shape.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import type * as z from "../zod.ts";

type Image = Record<string, AttributeValue>;

export function imageOf(
  record: DynamoDBRecord,
  which: "NewImage" | "OldImage",
): Record<string, unknown> | null {
  const image = record.dynamodb?.[which] as Image | undefined;
  if (!image) return null;
  return unmarshall(image);
}

export function parseImage<S extends z.ZodMiniType>(
  record: DynamoDBRecord,
  which: "NewImage" | "OldImage",
  schema: S,
): z.output<S> | null {
  const image = imageOf(record, which);
  return image ? schema.parse(image) : null;
}
