/** A store or service that was briefly unable answers 503 with Retry-After; anything else unexpected, 500. */
import { describe, expect, it } from "vitest";
import { errorResult, isTransient } from "../../shared/http/errors.ts";
import { problemFor } from "../../shared/web/error-pages.ts";

const named = (name: string, extra: object = {}) => Object.assign(new Error("x"), { name }, extra);

describe("transient errors", () => {
  it.each([
    ["a throttled table", named("ProvisionedThroughputExceededException")],
    ["a timed-out call", named("TimeoutError")],
    ["an error the SDK marks retryable", named("SomethingNew", { $retryable: { throttling: true } })],
    ["a service failing on its side", named("SomethingElse", { $metadata: { httpStatusCode: 503 } })],
  ])("%s answers 503 with Retry-After, JSON and page alike", (_what, error) => {
    expect(isTransient(error)).toBe(true);
    const answer = errorResult(error);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.["retry-after"]).toBe("1");
    expect(JSON.parse(String(answer.body)).errors[0].code).toBe("unavailable");
    expect(problemFor(error, "/petitions/1", {}).status).toBe(503);
  });

  it.each([
    ["a programming error", new TypeError("x is undefined")],
    ["a refused condition", named("ConditionalCheckFailedException", { $metadata: { httpStatusCode: 400 } })],
    ["not an error at all", "boom"],
  ])("%s stays a 500", (_what, error) => {
    expect(isTransient(error)).toBe(false);
    expect(errorResult(error).statusCode).toBe(500);
    expect(problemFor(error, "/petitions/1", {}).status).toBe(500);
  });
});
