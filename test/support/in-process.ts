/**
 * The service's own code run in the test process, on the DynamoDB Local the test engine uses:
 * the table and endpoints its clients read when first imported. Import this before the code
 * (a bare `import "../support/in-process.ts"` first, or the code imported dynamically after).
 */
import { inject } from "vitest";

Object.assign(process.env, {
  TABLE_NAME: inject("tableName"),
  AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS: inject("dynamoEndpoint"),
  AWS_REGION: "eu-west-2",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
});
