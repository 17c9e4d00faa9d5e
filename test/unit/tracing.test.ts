/**
 * X-Ray tracing on Lambda, against a UDP socket standing in for the daemon and an HTTP server
 * standing in for DynamoDB: each sampled invocation sends its handler's subsegment under Lambda's
 * segment and one subsegment per SDK call under that, and the call carries its own subsegment as
 * the trace header's parent; an unsampled invocation sends nothing.
 */
import { createSocket } from "node:dgram";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SubsegmentDocument } from "../../shared/tracing.ts";

const ROOT = "1-67891233-abcdef012345678912345678";
const LAMBDA_SEGMENT = "53995c3f42cd8ad8";
const context = {
  functionName: "Test",
  awsRequestId: "r-1",
  getRemainingTimeInMillis: () => 10_000,
} as Context;

const daemon = createSocket("udp4");
const received: SubsegmentDocument[] = [];
daemon.on("message", (packet) => {
  const [header, body] = packet.toString().split("\n");
  expect(JSON.parse(header ?? "")).toEqual({ format: "json", version: 1 });
  received.push(JSON.parse(body ?? "") as SubsegmentDocument);
});
const traceHeaders: string[] = [];
const dynamodb = createServer((request, response) => {
  traceHeaders.push(String(request.headers["x-amzn-trace-id"]));
  request.resume().on("end", () => {
    response.writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "REQ1" });
    response.end('{"TableNames":[]}');
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => dynamodb.listen(0, "127.0.0.1", resolve));
});
afterAll(() => {
  daemon.close();
  dynamodb.close();
  vi.unstubAllEnvs();
});

describe("tracing on Lambda", () => {
  it("sends the handler's subsegment and each SDK call's under it, only when sampled", async () => {
    vi.resetModules();
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs24.x");
    vi.stubEnv("_HANDLER", "index.handler");
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "Test");
    vi.stubEnv("AWS_XRAY_DAEMON_ADDRESS", `127.0.0.1:${(daemon.address() as AddressInfo).port}`);
    const [{ DynamoDBClient }, { default: middy }, { observed }, { traced, tracer }] = await Promise.all([
      import("@aws-sdk/client-dynamodb"),
      import("@middy/core"),
      import("../../shared/observe.ts"),
      import("../../shared/tracing.ts"),
    ]);
    expect(tracer.isTracingEnabled()).toBe(true);
    const client = traced(
      new DynamoDBClient({
        region: "eu-west-2",
        endpoint: `http://127.0.0.1:${(dynamodb.address() as AddressInfo).port}`,
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "example" },
      }),
    );
    const handler = middy()
      .use(observed())
      .handler(async () => {
        tracer.putAnnotation("petition", 7);
        await client.send(new ListTablesCommand({}));
        return "ok";
      });

    vi.stubEnv("_X_AMZN_TRACE_ID", `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=0`);
    expect(await handler({}, context)).toBe("ok");
    vi.stubEnv("_X_AMZN_TRACE_ID", `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`);
    expect(await handler({}, context)).toBe("ok");

    await expect.poll(() => received.length).toBe(2);
    const call = received.find((document) => document.name === "DynamoDB");
    const invocation = received.find((document) => document.name === "## index.handler");
    expect(invocation).toMatchObject({
      type: "subsegment",
      trace_id: ROOT,
      parent_id: LAMBDA_SEGMENT,
      annotations: { ColdStart: false, Service: "petitions", petition: 7 },
    });
    expect(call).toMatchObject({
      type: "subsegment",
      trace_id: ROOT,
      parent_id: invocation?.id,
      namespace: "aws",
      aws: { operation: "ListTables", region: "eu-west-2", request_id: "REQ1" },
      http: { response: { status: 200 } },
    });
    expect(call?.fault ?? call?.error).toBeUndefined();
    for (const document of [call, invocation]) {
      expect(document?.id).toMatch(/^[0-9a-f]{16}$/);
      expect(document?.end_time).toBeGreaterThanOrEqual(document?.start_time ?? Number.POSITIVE_INFINITY);
    }
    // The unsampled call went out with Lambda's own header; the sampled one names its subsegment.
    expect(traceHeaders).toEqual([
      `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=0`,
      `Root=${ROOT};Parent=${call?.id};Sampled=1`,
    ]);
  });
});

describe("the trace header and the daemon's address", async () => {
  const { daemonAddress, parseTraceHeader } = await import("../../shared/tracing.ts");
  it("reads Root, Parent and Sampled, and nothing without Root and Parent", () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1;Lineage=a:0`)).toEqual({
      root: ROOT,
      parent: LAMBDA_SEGMENT,
      sampled: true,
    });
    expect(parseTraceHeader(`Root=${ROOT};Sampled=1`)).toBeUndefined();
    expect(parseTraceHeader(undefined)).toBeUndefined();
  });

  it("takes host:port, the UDP half of the two-protocol form, or the default", () => {
    expect(daemonAddress("169.254.79.129:2000")).toEqual({ host: "169.254.79.129", port: 2000 });
    expect(daemonAddress("tcp:127.0.0.1:2000 udp:127.0.0.2:2001")).toEqual({ host: "127.0.0.2", port: 2001 });
    expect(daemonAddress(undefined)).toEqual({ host: "127.0.0.1", port: 2000 });
  });
});
