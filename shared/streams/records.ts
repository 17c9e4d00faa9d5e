/** Stream records to typed items: unmarshalled and checked with zod at the edge. */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import type { z } from "zod";

type Image = Record<string, AttributeValue>;

/**
 * The Streams API client reads an empty map (`{"M":{}}`) back as `{}`, with no type at all;
 * Lambda's own records keep `M`. Such a value can only have been an empty map.
 */
function restoreEmptyMaps(value: AttributeValue): AttributeValue {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) {
    return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, restoreEmptyMaps(v)])) };
  }
  if (value.L) return { L: value.L.map(restoreEmptyMaps) };
  return value;
}

export function imageOf(
  record: DynamoDBRecord,
  which: "NewImage" | "OldImage",
): Record<string, unknown> | null {
  const image = record.dynamodb?.[which] as Image | undefined;
  if (!image) return null;
  return unmarshall(Object.fromEntries(Object.entries(image).map(([k, v]) => [k, restoreEmptyMaps(v)])));
}

export function parseImage<S extends z.ZodType>(
  record: DynamoDBRecord,
  which: "NewImage" | "OldImage",
  schema: S,
): z.output<S> | null {
  const image = imageOf(record, which);
  return image ? schema.parse(image) : null;
}
