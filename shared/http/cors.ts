/**
 * The CORS headers of petition.parliament.uk's JSON (ApplicationController#set_cors_headers),
 * on every public read's answer, errors included: a page on another site can then read a 404
 * or 400 as well as the data.
 */
import type middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpResult } from "./responses.ts";

export const PUBLIC_CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET",
  "access-control-allow-headers": "Origin, X-Requested-With, Content-Type, Accept",
};

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Adds PUBLIC_CORS_HEADERS to the answer of a read (GET, HEAD, OPTIONS); writes get none. */
export function publicReadCors(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  const add: middy.MiddlewareFn<APIGatewayProxyEventV2, HttpResult> = async (request) => {
    const method = request.event.requestContext?.http?.method?.toUpperCase() ?? "GET";
    if (!request.response || !READS.has(method)) return;
    request.response.headers = { ...request.response.headers, ...PUBLIC_CORS_HEADERS };
  };
  return { after: add, onError: add };
}
