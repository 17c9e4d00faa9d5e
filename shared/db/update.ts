/** Plain attribute updates, written once. */
import type { UpdateCommandInput } from "@aws-sdk/lib-dynamodb";

/**
 * The UpdateItem input that sets these attributes on one item, every name escaped so reserved
 * words (`state`, `count`) need no care.
 */
export function setAttributes(table: string, key: Record<string, unknown>, values: Record<string, unknown>) {
  const names = Object.keys(values);
  return {
    TableName: table,
    Key: key,
    UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :a${i}`).join(", ")}`,
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
    ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:a${i}`, values[name]])),
  } satisfies UpdateCommandInput;
}
