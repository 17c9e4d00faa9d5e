/**
 * The functions' metrics and tracing, in process: every metric a handler records is written as
 * one CloudWatch EMF line on stdout when the invocation ends (also when it fails), in the
 * registry's namespace; an invocation that records nothing writes nothing, not even a warning;
 * outside Lambda the Tracer is off and nothing mentions X-Ray.
 */
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Before the modules that build the Metrics instance are loaded (the dynamic imports below).
process.env.POWERTOOLS_METRICS_DISABLED = "false";
// Warnings printed, so a warning on every invocation without metrics would show.
process.env.POWERTOOLS_LOG_LEVEL = "WARN";
// The origin secret the edge adds, given to each route: these events come through it.
const edge = { env: { ORIGIN_SECRET: "observability-test-origin-secret" } };

const context = {
  functionName: "Test",
  awsRequestId: "request-1",
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

const event = (method = "POST") =>
  ({
    version: "2.0",
    rawPath: "/test",
    headers: {
      "x-origin-verify": "observability-test-origin-secret",
      "cloudfront-viewer-address": "192.0.2.1:443",
      "content-type": "application/json",
    },
    requestContext: { http: { method, sourceIp: "192.0.2.1", path: "/test" } },
  }) as unknown as APIGatewayProxyEventV2;

interface Emf {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

let written: string[] = [];
const emfLines = () =>
  written
    .flatMap((chunk) => chunk.split("\n"))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Emf);

let modules: {
  httpRoute: typeof import("../../shared/http/handler.ts").httpRoute;
  json: typeof import("../../shared/http/responses.ts").json;
  recordMetric: typeof import("../../shared/metrics.ts").recordMetric;
  METRIC_NAMESPACE: string;
  METRICS: typeof import("../../shared/metrics.ts").METRICS;
  observed: typeof import("../../shared/observe.ts").observed;
  tracer: typeof import("../../shared/tracing.ts").tracer;
  middy: typeof import("@middy/core").default;
  NotFoundError: typeof import("../../shared/errors.ts").NotFoundError;
};

beforeAll(async () => {
  const [handler, responses, metrics, observe, tracing, middy, errors] = await Promise.all([
    import("../../shared/http/handler.ts"),
    import("../../shared/http/responses.ts"),
    import("../../shared/metrics.ts"),
    import("../../shared/observe.ts"),
    import("../../shared/tracing.ts"),
    import("@middy/core"),
    import("../../shared/errors.ts"),
  ]);
  modules = {
    httpRoute: handler.httpRoute,
    json: responses.json,
    recordMetric: metrics.recordMetric,
    METRIC_NAMESPACE: metrics.METRIC_NAMESPACE,
    METRICS: metrics.METRICS,
    observed: observe.observed,
    tracer: tracing.tracer,
    middy: middy.default,
    NotFoundError: errors.NotFoundError,
  };
});

beforeEach(() => {
  written = [];
  const capture = (chunk: unknown) => {
    written.push(typeof chunk === "string" ? chunk : String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("metrics written by the functions", () => {
  it("an HTTP handler's recorded metrics are flushed as one EMF line when it answers", async () => {
    const { httpRoute, json, recordMetric, METRIC_NAMESPACE } = modules;
    const handler = httpRoute(
      {},
      async () => {
        recordMetric("SignatureAccepted");
        recordMetric("SignatureAccepted");
        recordMetric("CountLagSeconds", 2.5);
        return json(202, { status: "ok" });
      },
      edge,
    );
    const answer = await handler(event(), context);
    expect(answer.statusCode).toBe(202);
    const [line, ...more] = emfLines();
    expect(more).toEqual([]);
    const directive = line?._aws.CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe(METRIC_NAMESPACE);
    expect(directive?.Dimensions).toEqual([["service"]]);
    expect(line?.service).toBe("petitions");
    expect(directive?.Metrics).toEqual(
      expect.arrayContaining([
        { Name: "SignatureAccepted", Unit: "Count" },
        { Name: "CountLagSeconds", Unit: "Seconds" },
      ]),
    );
    expect(line?.SignatureAccepted).toEqual([1, 1]);
    expect(line?.CountLagSeconds).toBe(2.5);
  });

  it("flushes when the handler fails too, and the next invocation starts empty", async () => {
    const { httpRoute, recordMetric, NotFoundError } = modules;
    const handler = httpRoute(
      {},
      async () => {
        recordMetric("EmailFailed");
        throw new NotFoundError("No such thing");
      },
      edge,
    );
    expect((await handler(event(), context)).statusCode).toBe(404);
    expect(emfLines().map((line) => line.EmailFailed)).toEqual([1]);
    written = [];
    const quiet = modules.httpRoute({}, async () => modules.json(200, {}), edge);
    await quiet(event("GET"), context);
    expect(emfLines()).toEqual([]);
  });

  it("stream and scheduled functions flush through the same start of their stack", async () => {
    const { middy, observed, recordMetric } = modules;
    const handler = middy()
      .use(observed())
      .handler(async () => {
        recordMetric("MailJobStalled");
        return { ok: true };
      });
    await handler({}, context);
    expect(emfLines().map((line) => line.MailJobStalled)).toEqual([1]);
  });

  it("an invocation that records nothing writes nothing: no EMF, no warning", async () => {
    const { middy, observed } = modules;
    const handler = middy()
      .use(observed())
      .handler(async () => "done");
    await handler({}, context);
    expect(written.join("")).toBe("");
  });

  it("every registered metric has a name CloudWatch accepts", () => {
    for (const name of Object.keys(modules.METRICS)) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]{0,254}$/);
  });
});

describe("tracing outside Lambda", () => {
  it("is off, and a traced invocation and SDK client say nothing about X-Ray", async () => {
    const { tracer, middy, observed } = modules;
    expect(process.env.AWS_EXECUTION_ENV).toBeUndefined();
    expect(tracer.isTracingEnabled()).toBe(false);
    const { dynamo } = await import("../../shared/db/client.ts");
    expect(dynamo).toBeDefined();
    const handler = middy()
      .use(observed())
      .handler(async () => {
        tracer.putAnnotation("petition", 1);
        return "ok";
      });
    expect(await handler({}, context)).toBe("ok");
    expect(written.join("")).not.toMatch(/x-?ray|segment/i);
  });
});

describe("tracing on Lambda", () => {
  it("is on where Lambda's runtime sets AWS_EXECUTION_ENV", async () => {
    vi.resetModules();
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs24.x");
    try {
      const { tracer } = await import("../../shared/tracing.ts");
      expect(tracer.isTracingEnabled()).toBe(true);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe("the mass-mail stall rule", async () => {
  const { isStalled, lastActivity } = await import("../../shared/mail/stalls.ts");
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
  const started = { state: "running", updated_at: at(0).toISOString() };

  it("is stalled after fifteen minutes with no page moved and no email sent", () => {
    expect(isStalled(started, undefined, at(14))).toBe(false);
    expect(isStalled(started, undefined, at(15))).toBe(true);
  });

  it("counts the last email as a sign of life", () => {
    expect(isStalled(started, at(10).toISOString(), at(20))).toBe(false);
    expect(isStalled(started, at(10).toISOString(), at(25))).toBe(true);
    expect(lastActivity(at(10).toISOString(), at(3).toISOString())).toBe(at(10).getTime());
  });

  it("never reports a job that has ended", () => {
    for (const state of ["done", "cancelled"])
      expect(isStalled({ ...started, state }, undefined, at(60))).toBe(false);
  });
});
