/** The shapes a handler answers with, written once. */
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

export function html(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { "content-type": "text/html; charset=utf-8", ...headers }, body };
}

export function text(
  statusCode: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
  headers: Record<string, string> = {},
): HttpResult {
  return { statusCode, headers: { "content-type": contentType, ...headers }, body };
}

export function redirect(location: string, statusCode = 303, cookies?: string[]): HttpResult {
  return { statusCode, headers: { location }, body: "", ...(cookies ? { cookies } : {}) };
}

export const noContent = (): HttpResult => ({ statusCode: 204, headers: {}, body: "" });
