/**
 * The DynamoDB clients, created once per cold start with explicit timeouts and retry limits,
 * traced as X-Ray subsegments on Lambda.
 * Endpoints come from the SDK's own AWS_ENDPOINT_URL_* variables, so the local engine needs no
 * code path of its own.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { applyClientHooks } from "../sdk-hooks.ts";
import { traced } from "../tracing.ts";

export const dynamo = applyClientHooks(
  traced(
    new DynamoDBClient({
      maxAttempts: 4,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: 3_000,
        requestTimeout: 5_000,
        throwOnRequestTimeout: true,
      }),
    }),
  ),
  "dynamodb",
);

export const db = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

let table: string | undefined;
/** The one table's name (TABLE_NAME), read once. */
export function tableName(): string {
  table ??= process.env.TABLE_NAME;
  if (!table) throw new Error("TABLE_NAME is not set");
  return table;
}
