/**
 * The bundles' empty endpoint cache (shared/aws/no-endpoint-cache.ts) in place of the SDK's: a
 * bundle writes, reads and meets a failed condition in DynamoDB through it exactly as through the
 * package, request for request and answer for answer, and carries no LRU.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundleAliases } from "../../infra/aws/functions.ts";
import { bundleSource, type Captured, type Reply, standInService } from "../support/sdk-bundles.ts";

const work = mkdtempSync(join(tmpdir(), "petitions-endpoint-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A conditional put, a read and a put whose condition fails, as the service's stores send them. */
const CALLS_SOURCE = `
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
export async function calls(endpoint) {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({
    endpoint,
    region: "eu-west-2",
    maxAttempts: 1,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  }));
  const put = () => new PutCommand({
    TableName: "petitions",
    Item: { PK: "PETITION#1", SK: "COUNTS", total: 3 },
    ConditionExpression: "attribute_not_exists(PK)",
  });
  const results = [];
  for (const command of [put(), new GetCommand({ TableName: "petitions", Key: { PK: "PETITION#1", SK: "COUNTS" } }), put()]) {
    try {
      const { $metadata, ...output } = await db.send(command);
      results.push(output);
    } catch (error) {
      results.push({ error: error.name, message: error.message, status: error.$metadata?.httpStatusCode });
    }
  }
  return results;
}
`;

/** DynamoDB as far as these calls go: the first put lands, the item reads back, the second put fails. */
function dynamoDb(): (request: Captured) => Reply {
  let stored = false;
  return (request) => {
    const target = String(request.headers["x-amz-target"]);
    if (target.endsWith(".GetItem"))
      return {
        status: 200,
        headers: {},
        body: JSON.stringify({
          Item: { PK: { S: "PETITION#1" }, SK: { S: "COUNTS" }, total: { N: "3" } },
        }),
      };
    if (target.endsWith(".PutItem") && !stored) {
      stored = true;
      return { status: 200, headers: {}, body: "{}" };
    }
    return {
      status: 400,
      headers: {},
      body: JSON.stringify({
        __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        message: "The conditional request failed",
      }),
    };
  };
}

describe("the bundles' endpoint cache", () => {
  it("a bundle calls DynamoDB through the empty cache as through the package", async () => {
    const { "@aws-sdk/endpoint-cache": standIn, ...others } = bundleAliases();
    expect(standIn).toMatch(/no-endpoint-cache\.ts$/);
    const published = await bundleSource(work, "calls-published", CALLS_SOURCE, { alias: others });
    const bundled = await bundleSource(work, "calls-stand-in", CALLS_SOURCE, { alias: bundleAliases() });
    expect(published.bytes - bundled.bytes, "the LRU and its helpers stay out").toBeGreaterThan(6 * 1024);
    const runs = [];
    for (const { file } of [published, bundled]) {
      const service = await standInService(dynamoDb());
      try {
        const { calls } = (await import(pathToFileURL(file).href)) as {
          calls: (endpoint: string) => Promise<unknown[]>;
        };
        const results = await calls(service.url);
        runs.push({
          results,
          requests: service.requests.map(({ method, url, headers, body }) => ({
            method,
            url,
            target: headers["x-amz-target"],
            body: JSON.parse(body) as unknown,
          })),
        });
      } finally {
        await service.close();
      }
    }
    const [viaPackage, viaStandIn] = runs;
    expect(viaPackage?.requests.map((request) => request.target)).toEqual([
      "DynamoDB_20120810.PutItem",
      "DynamoDB_20120810.GetItem",
      "DynamoDB_20120810.PutItem",
    ]);
    expect(viaPackage?.results).toEqual([
      {},
      { Item: { PK: "PETITION#1", SK: "COUNTS", total: 3 } },
      {
        error: "ConditionalCheckFailedException",
        message: "The conditional request failed",
        status: 400,
      },
    ]);
    expect(viaStandIn).toEqual(viaPackage);
  });
});
