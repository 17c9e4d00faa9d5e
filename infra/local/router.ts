/**
 * API Gateway HTTP API routing, locally: `METHOD /path/{param}` routes over whole segments, the
 * most literal match winning, and a Node request turned into a payload-2.0 event as it arrives
 * behind CloudFront (the engine plays the edge: see `edgeHeaders`).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ORIGIN_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from "../../shared/edge.ts";
import type { FunctionSpec, HttpRoute } from "../../shared/topology-types.ts";

export interface CompiledRoute {
  spec: FunctionSpec;
  route: HttpRoute;
  segments: string[];
  literals: number;
}

export function compileRoutes(functions: readonly FunctionSpec[]): CompiledRoute[] {
  return functions
    .flatMap((spec) =>
      (spec.routes ?? []).map((route) => {
        const segments = route.path.split("/").filter(Boolean);
        return { spec, route, segments, literals: segments.filter((s) => !s.startsWith("{")).length };
      }),
    )
    .sort((a, b) => b.literals - a.literals || b.segments.length - a.segments.length);
}

/** API Gateway's catch-all route, served by the topology's `defaultRoute` function. */
export const DEFAULT_ROUTE_KEY = "$default";

export function defaultRoute(functions: readonly FunctionSpec[]): CompiledRoute | null {
  const spec = functions.find((f) => f.defaultRoute);
  if (!spec) return null;
  return {
    spec,
    route: { method: "GET", path: DEFAULT_ROUTE_KEY, auth: "public" },
    segments: [],
    literals: 0,
  };
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | "method" | "malformed" | null {
  const parts = path.split("/").filter(Boolean);
  // API Gateway refuses a path whose percent-encoding is broken (`%E0%A4%A`) with a 400.
  if (parts.some((part) => !decodes(part))) return "malformed";
  let pathMatched = false;
  for (const candidate of routes) {
    const params: Record<string, string> = {};
    const greedy = candidate.segments.at(-1)?.endsWith("+}");
    if (greedy ? parts.length < candidate.segments.length : parts.length !== candidate.segments.length)
      continue;
    const ok = candidate.segments.every((segment, i) => {
      const part = parts[i];
      if (part === undefined) return false;
      if (segment.startsWith("{")) {
        const name = segment.slice(1, -1).replace(/\+$/, "");
        params[name] = segment.endsWith("+}")
          ? parts.slice(i).map(decodeURIComponent).join("/")
          : decodeURIComponent(part);
        return true;
      }
      return segment === part;
    });
    if (!ok) continue;
    pathMatched = true;
    // API Gateway routes HEAD to the HEAD twin of every GET route (infra/aws/http-api.ts).
    const routed =
      candidate.route.method === method || (method === "HEAD" && candidate.route.method === "GET");
    if (routed) return { route: candidate, params };
  }
  return pathMatched ? "method" : null;
}

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** Node reports IPv4 peers of a dual-stack socket as `::ffff:a.b.c.d`; CloudFront reports `a.b.c.d`. */
const plainAddress = (address: string | undefined) => (address ?? "127.0.0.1").replace(/^::ffff:/i, "");

/**
 * What CloudFront does to a request on its way to the origin, done for every request the engine
 * serves: the viewer's address and port as `CloudFront-Viewer-Address` (IPv6 unbracketed, the
 * port after the last colon), the viewer's address appended to any `X-Forwarded-For` the client
 * sent, and the origin secret as a custom origin header. Client copies of the viewer address and
 * the secret are overwritten, as CloudFront overwrites viewer headers of the same name.
 */
export function edgeHeaders(
  request: IncomingMessage,
  originSecret: string,
): { headers: Record<string, string>; viewer: string } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== "cookie")
      headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const viewer = plainAddress(request.socket.remoteAddress);
  const forwarded = headers["x-forwarded-for"]?.trim();
  headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${viewer}` : viewer;
  headers[VIEWER_ADDRESS_HEADER] = `${viewer}:${request.socket.remotePort ?? 0}`;
  headers[ORIGIN_SECRET_HEADER] = originSecret;
  return { headers, viewer };
}

const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript))/;

export function toEvent(
  request: IncomingMessage,
  body: Buffer,
  route: CompiledRoute,
  params: Record<string, string>,
  claims: Record<string, unknown> | null,
  originSecret: string,
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? "/", "http://local");
  const { headers } = edgeHeaders(request, originSecret);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const cookies = (request.headers.cookie ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter(Boolean);
  const contentType = request.headers["content-type"] ?? "";
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const now = new Date();
  const routeKey =
    route.route.path === DEFAULT_ROUTE_KEY
      ? DEFAULT_ROUTE_KEY
      : `${request.method === "HEAD" ? "HEAD" : route.route.method} ${route.route.path}`;
  // API Gateway's source IP behind CloudFront is the edge server's address, not the viewer's: here,
  // the address the engine was reached on stands for it. Nothing reads it for people.
  const sourceIp = plainAddress(request.socket.localAddress);
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "localhost",
      http: {
        method: request.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
    ...(body.length > 0 ? { body: isText ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  } as APIGatewayProxyEventV2;
}
