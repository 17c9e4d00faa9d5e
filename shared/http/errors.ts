/** Domain errors to HTTP answers, in one place; zod issues to `{field, code, message}`. */
import type middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { DomainError, type FieldProblem, ValidationError } from "../errors.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import type * as z from "../zod.ts";
import { type HttpResult, json } from "./responses.ts";

export function problemsOf(error: z.core.$ZodError, prefix?: string): FieldProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return {
      field: field || (prefix ?? "body"),
      code: issue.code === "custom" ? String(issue.params?.code ?? "invalid") : issue.code,
      message: issue.message,
    };
  });
}

/** Parses with the schema or throws a ValidationError naming each field. */
export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(problemsOf(result.error, where), where);
  return result.data;
}

export function errorBody(error: DomainError): unknown {
  if (error instanceof ValidationError) return { errors: error.problems };
  return { errors: [{ code: error.code, message: error.message }] };
}

/** What AWS services and the SDK call a refusal to be tried again later, by error name. */
const TRANSIENT = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "TooManyRequestsException",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/**
 * The store or a service was briefly unable (throttled, timed out, failing on its side) after the
 * SDK's own retries: the request may succeed if sent again, so 503 with Retry-After, not 500. The
 * SDK marks such errors `$retryable` or with a 5xx `$metadata.httpStatusCode` (AWS SDK for
 * JavaScript v3, "Error handling").
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const sdk = error as Error & { $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  return (
    TRANSIENT.has(error.name) || sdk.$retryable !== undefined || (sdk.$metadata?.httpStatusCode ?? 0) >= 500
  );
}

export function errorResult(error: unknown): HttpResult {
  if (error instanceof DomainError) return json(error.status, errorBody(error));
  // Name and message only: an SDK error's extra fields can echo item data.
  const { name, message } = error instanceof Error ? error : { name: "unknown", message: "" };
  if (isTransient(error)) {
    logger.warn("store or service briefly unavailable", {
      code: LogCode.transientError,
      errorName: name,
      errorMessage: message,
    });
    return json(
      503,
      { errors: [{ code: "unavailable", message: "The service is busy; please try again in a moment" }] },
      { "retry-after": "1" },
    );
  }
  logger.error("unhandled error", { code: LogCode.internalError, errorName: name, errorMessage: message });
  return json(500, { errors: [{ code: "internal", message: "Something went wrong; please try again" }] });
}

/**
 * How a function that renders pages answers an error to a person (shared/web/error-pages.ts),
 * named by its route spec: functions without views never load it and answer JSON.
 */
export type ErrorPage = (
  error: unknown,
  event: APIGatewayProxyEventV2,
  options: ErrorPageOptions,
) => HttpResult;
export interface ErrorPageOptions {
  /** The route is a link from an email: a bad, truncated or expired one reads "This link is not valid". */
  link?: boolean;
}

/**
 * Does the request want a page? A browser's Accept names text/html; a program's (any type,
 * application/json) does not, nor does any request for a `.json` or `.csv` address.
 */
export function wantsPage(event: APIGatewayProxyEventV2): boolean {
  const path = event.rawPath ?? event.requestContext?.http?.path ?? "";
  if (/\.(json|csv)$/i.test(path)) return false;
  const accept = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === "accept")?.[1] ?? "";
  return /text\/html/i.test(accept);
}

export function errorResponder(
  errorPage?: ErrorPage,
  options: ErrorPageOptions = {},
): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    onError: async (request) => {
      const json = errorResult(request.error);
      request.response =
        errorPage && wantsPage(request.event) ? errorPage(request.error, request.event, options) : json;
    },
  };
}
