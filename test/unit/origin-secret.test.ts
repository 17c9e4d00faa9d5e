/**
 * The origin secret read from Secrets Manager: both the current and the previous version are
 * accepted, reads are cached, and a value that matches neither makes the function re-read the
 * secret (a rotation) at most every 30 seconds. Secrets Manager is stood in for by a small HTTP
 * server speaking its JSON protocol: no emulator runs it, and a rotation cannot be caused
 * otherwise.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ORIGIN_SECRET_HEADER } from "../../shared/edge.ts";

const ARN = "arn:aws:secretsmanager:eu-west-2:000000000000:secret:origin-AbCdEf";
const versions: { current: string; previous?: string } = { current: "first-value-0123456789" };
let reads = 0;
let server: Server;
let cameThroughEdge: typeof import("../../shared/http/origin.ts").cameThroughEdge;

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    request.on("end", () => {
      reads += 1;
      const { VersionStage } = JSON.parse(text) as { VersionStage?: string };
      const value = VersionStage === "AWSPREVIOUS" ? versions.previous : versions.current;
      response.setHeader("content-type", "application/x-amz-json-1.1");
      if (value === undefined) {
        response.statusCode = 400;
        response.setHeader("x-amzn-errortype", "ResourceNotFoundException");
        response.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "no such version" }));
        return;
      }
      response.end(
        JSON.stringify({ ARN, Name: "origin", SecretString: value, VersionStages: [VersionStage] }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: "eu-west-2",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
  });
  ({ cameThroughEdge } = await import("../../shared/http/origin.ts"));
});

afterAll(async () => {
  vi.useRealTimers();
  await new Promise((done) => server.close(done));
});

const withSecret = (value: string) =>
  ({ headers: { [ORIGIN_SECRET_HEADER]: value } }) as unknown as APIGatewayProxyEventV2;
const env = { ORIGIN_SECRET_ARN: ARN };

describe("the origin secret from Secrets Manager", () => {
  it("accepts the current value, refuses others, and caches what it read", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    expect(await cameThroughEdge(withSecret("first-value-0123456789"), env)).toBe(true);
    const afterFirst = reads;
    expect(await cameThroughEdge(withSecret("first-value-0123456789"), env)).toBe(true);
    expect(reads).toBe(afterFirst);
    expect(await cameThroughEdge(withSecret("a-guess-0123456789"), env)).toBe(false);
    expect(await cameThroughEdge({ headers: {} } as unknown as APIGatewayProxyEventV2, env)).toBe(false);
    // A miss within 30 seconds of the last read reads nothing: guesses cannot drive up reads.
    expect(reads).toBe(afterFirst);
  });

  it("follows a rotation at once, accepting the new value and the previous one", async () => {
    versions.previous = versions.current;
    versions.current = "second-value-0123456789";
    vi.setSystemTime(new Date("2026-01-01T00:01:00Z"));
    expect(await cameThroughEdge(withSecret("second-value-0123456789"), env)).toBe(true);
    expect(await cameThroughEdge(withSecret("first-value-0123456789"), env)).toBe(true);
    expect(await cameThroughEdge(withSecret("a-guess-0123456789"), env)).toBe(false);
  });
});
