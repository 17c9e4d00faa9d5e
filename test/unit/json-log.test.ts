/**
 * The functions' log lines (shared/json-log.ts): JSON with the level, message, time, service and
 * the invocation's context, then the entry's keys; errors written out; info on stdout and
 * warnings on stderr; nothing under the configured level.
 */
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { injectLambdaContext, Logger } from "../../shared/json-log.ts";

let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => err.push(String(chunk)) > 0);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const context = {
  functionName: "SignPetition",
  invokedFunctionArn: "arn:aws:lambda:eu-west-2:123456789012:function:SignPetition",
  memoryLimitInMB: "512",
  awsRequestId: "request-1",
} as Context;

const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe("the log lines", () => {
  it("carry the invocation's context, cold start once, the trace and the entry's own keys", async () => {
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "INFO");
    vi.stubEnv(
      "_X_AMZN_TRACE_ID",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    );
    const logger = new Logger({ serviceName: "petitions" });
    const handler = middy()
      .use(injectLambdaContext(logger))
      .handler(async () => logger.info("signature accepted", { code: "signature_accepted", petitionId: 7 }));
    await handler({}, context);
    await handler({}, { ...context, awsRequestId: "request-2" });
    const [first, second] = parsed(out);
    expect(out.every((line) => line.startsWith('{"') && line.endsWith("}\n"))).toBe(true);
    expect(first).toEqual({
      level: "INFO",
      message: "signature accepted",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: "petitions",
      cold_start: true,
      function_arn: context.invokedFunctionArn,
      function_memory_size: "512",
      function_name: "SignPetition",
      function_request_id: "request-1",
      xray_trace_id: "1-5759e988-bd862e3fe1be46a994272793",
      code: "signature_accepted",
      petitionId: 7,
    });
    expect(second).toMatchObject({ cold_start: false, function_request_id: "request-2" });
    expect(err).toEqual([]);
  });

  it("write warnings and errors to stderr, errors as name, location, message, stack and cause", () => {
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "INFO");
    const logger = new Logger({ serviceName: "petitions" });
    logger.warn("careful", { code: "careful" });
    // Thrown in a named function, so its stack's first frame names the file in parentheses.
    const thrown = function make() {
      return new TypeError("bad", { cause: new Error("root") });
    };
    logger.error("failed", { code: "failed", error: thrown() });
    const [warning, failure] = parsed(err);
    expect(warning).toMatchObject({ level: "WARN", message: "careful", code: "careful" });
    expect(failure?.error).toMatchObject({
      name: "TypeError",
      message: "bad",
      location: expect.stringMatching(/json-log\.test\.ts:\d+$/),
      stack: expect.stringContaining("TypeError: bad"),
      cause: { name: "Error", message: "root" },
    });
    expect(out).toEqual([]);
  });

  it("leave out what is under the level, and everything when SILENT", () => {
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "warn");
    const warnOnly = new Logger({ serviceName: "petitions" });
    warnOnly.info("quiet");
    warnOnly.warn("loud");
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
    const silent = new Logger({ serviceName: "petitions" });
    silent.error("never");
    expect(out).toEqual([]);
    expect(parsed(err).map((line) => line.message)).toEqual(["loud"]);
  });
});
