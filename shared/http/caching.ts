/**
 * HTTP caching for public reads, once for every route that declares a freshness: Cache-Control
 * from the route's policy, a strong ETag (a hash of the body), and 304 Not Modified when the
 * client (or the CDN revalidating) already holds that body. A viral petition's pollers then cost
 * the CDN's revalidations, not a Lambda run each.
 */
import { createHash } from "node:crypto";
import type middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpResult } from "./responses.ts";

export interface CachePolicy {
  /** Seconds a cache may serve the answer without asking again. */
  maxAge: number;
  /** Seconds more it may serve it while it revalidates in the background. */
  staleWhileRevalidate?: number;
  /** Seconds more it may serve it when the origin fails. */
  staleIfError?: number;
}

export function cacheControl(policy: CachePolicy): string {
  return [
    "public",
    `max-age=${policy.maxAge}`,
    ...(policy.staleWhileRevalidate ? [`stale-while-revalidate=${policy.staleWhileRevalidate}`] : []),
    ...(policy.staleIfError ? [`stale-if-error=${policy.staleIfError}`] : []),
  ].join(", ");
}

export const etagOf = (body: string) =>
  `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;

/** RFC 9110 weak comparison: `W/` prefixes ignored, a list of tags, or `*`. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

export function httpCaching(policy: CachePolicy): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    after: async (request) => {
      const response = request.response;
      const method = request.event.requestContext?.http?.method ?? "GET";
      if (response?.statusCode !== 200 || (method !== "GET" && method !== "HEAD")) return;
      const body = typeof response.body === "string" ? response.body : "";
      const etag = etagOf(body);
      const headers = { ...(response.headers ?? {}) } as Record<string, string | number | boolean>;
      headers["cache-control"] = cacheControl(policy);
      headers.etag = etag;
      if (matchesEtag(header(request.event, "if-none-match"), etag)) {
        // 304 keeps the validators and freshness, and drops the body and its type.
        delete headers["content-type"];
        request.response = { statusCode: 304, headers, body: "" };
        return;
      }
      request.response = { ...response, headers };
    },
  };
}
