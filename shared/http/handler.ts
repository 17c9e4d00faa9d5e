/**
 * The one middy stack every HTTP function uses: tracing, metrics and the logger's context
 * (observed(), which the stream and scheduled functions start with too), the edge's origin secret
 * checked before anything else, body parsing, zod validation of path, query and body, the staff
 * role check, security headers, CORS for public reads, and the error mapper last. A handler
 * passes its route's contract (shared/http/contract.ts) and writes only its own logic.
 */
import middy from "@middy/core";
import httpSecurityHeaders from "@middy/http-security-headers";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { MalformedRequestError, UnsupportedMediaTypeError } from "../errors.ts";
import { observed } from "../observe.ts";
import type { Role } from "../topology-types.ts";
import * as z from "../zod.ts";
import { requireRole, type Staff } from "./auth.ts";
import { type CachePolicy, httpCaching } from "./caching.ts";
import type { RouteKey } from "./contract.ts";
import { publicReadCors } from "./cors.ts";
import { type ErrorPage, errorResponder, parseWith } from "./errors.ts";
import { assertOriginConfigured, originGuard, viewerAddress } from "./origin.ts";
import type { HttpResult } from "./responses.ts";

export type { CachePolicy };

export type Schema = z.ZodMiniType;

export interface RouteSpec<B extends Schema, Q extends Schema, P extends Schema> {
  body?: B;
  query?: Q;
  path?: P;
  /** Staff role required; public when absent. */
  role?: Role;
  /** Accept HTML form posts as well as JSON (web pages). */
  forms?: boolean;
  /**
   * How long a public GET answer stays fresh: the stack then sets Cache-Control, an ETag, and
   * answers 304 to a matching If-None-Match (see httpCaching).
   */
  cache?: CachePolicy;
  /**
   * The route is opened from a link in an email (a token in the query): a person whose link is
   * truncated, wrong or expired reads "This link is not valid" and what to do next.
   */
  link?: boolean;
  /**
   * Errors to a browser (Accept names text/html) as pages, by this renderer; without it, JSON.
   * Only functions that render pages name one (shared/web/error-pages.ts).
   */
  pages?: ErrorPage;
}

/** What a route reads from outside its code: the deployed function's are the real ones. */
export interface RouteDependencies {
  /** Where the origin secret is named (ORIGIN_SECRET, or ORIGIN_SECRET_ARN); process.env unless given. */
  env?: NodeJS.ProcessEnv;
}

export interface RouteInput<B extends Schema, Q extends Schema, P extends Schema> {
  body: z.output<B>;
  query: z.output<Q>;
  path: z.output<P>;
  staff: Staff | null;
  event: APIGatewayProxyEventV2;
  /** The viewer's address as the edge saw it (CloudFront-Viewer-Address), never a client's header. */
  sourceIp: string;
}

const emptyObject = z.object({});
/** No path, query or body: what a route without that schema reads. */
export type NoSchema = typeof emptyObject;

/**
 * middy's default CSP adds `sandbox`, which blocks scripts and form posts on the web pages; an
 * undefined value removes that default directive (its types only allow strings).
 */
const NO_SANDBOX = { sandbox: undefined } as unknown as Record<string, string>;

function rawBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

const contentType = (event: APIGatewayProxyEventV2) =>
  (header(event, "content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * A JSON write must say it is JSON: a browser sends `application/json` cross-site only after a
 * CORS preflight (which these routes never grant), whereas a body without a type, or typed as
 * text, is a "simple" request any web page can make. Routes that read no body (RFC 8058's
 * one-click unsubscribe, say) do not care what a body is.
 */
function requireJsonType(event: APIGatewayProxyEventV2): void {
  if (!WRITES.has(event.requestContext.http.method.toUpperCase())) return;
  if (contentType(event) !== "application/json") {
    throw new UnsupportedMediaTypeError("Send the body as application/json (Content-Type: application/json)");
  }
}

/** JSON or form body into a plain object, refusing what cannot be read. */
export function parseBody(event: APIGatewayProxyEventV2, forms: boolean): unknown {
  const body = rawBody(event);
  const type = contentType(event);
  if (type === "application/json") {
    if (body.trim() === "") throw new MalformedRequestError("The request body is empty");
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new MalformedRequestError("The request body is not valid JSON");
    }
  }
  if (forms && type === "application/x-www-form-urlencoded") {
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of new URLSearchParams(body)) {
      const existing = out[key];
      out[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
    }
    return { ...out };
  }
  if (body === "" && !type) return {};
  throw new UnsupportedMediaTypeError("Send the body as application/json");
}

/**
 * HEAD is GET without the body (RFC 9110, 9.3.2): the handler runs as for GET, so the status and
 * headers (ETag and Cache-Control included) are the same, and the body is dropped on the way out.
 */
function headAsGet(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  const head = new WeakSet<APIGatewayProxyEventV2>();
  const strip: middy.MiddlewareFn<APIGatewayProxyEventV2, HttpResult> = async (request) => {
    if (!head.has(request.event) || !request.response) return;
    request.response = { ...request.response, body: "", isBase64Encoded: false };
  };
  return {
    before: async (request) => {
      const http = request.event.requestContext?.http;
      if (http?.method?.toUpperCase() !== "HEAD") return;
      head.add(request.event);
      http.method = "GET";
    },
    after: strip,
    onError: strip,
  };
}

/**
 * Features this service never uses, each one browsers know: middy's default list names features
 * Chromium does not recognise, and every page then logged a warning per name.
 */
export const PERMISSIONS_POLICY =
  "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

function permissionsPolicy(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  const set: middy.MiddlewareFn<APIGatewayProxyEventV2, HttpResult> = async (request) => {
    if (!request.response) return;
    request.response.headers = { ...request.response.headers, "Permissions-Policy": PERMISSIONS_POLICY };
  };
  return { after: set, onError: set };
}

export function httpRoute<
  B extends Schema = typeof emptyObject,
  Q extends Schema = typeof emptyObject,
  P extends Schema = typeof emptyObject,
>(
  spec: RouteSpec<B, Q, P>,
  fn: (input: RouteInput<B, Q, P>) => Promise<HttpResult>,
  { env = process.env }: RouteDependencies = {},
) {
  assertOriginConfigured(env);
  const inner = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const staff = spec.role ? requireRole(event, spec.role) : null;
    if (spec.body && !spec.forms) requireJsonType(event);
    const path = parseWith(spec.path ?? emptyObject, event.pathParameters ?? {}, "path");
    const query = parseWith(spec.query ?? emptyObject, event.queryStringParameters ?? {}, "query");
    const body = spec.body ? parseWith(spec.body, parseBody(event, spec.forms ?? false), "body") : {};
    return fn({
      body: body as z.output<B>,
      query: query as z.output<Q>,
      path: path as z.output<P>,
      staff,
      event,
      // Read when a handler asks: a route that never uses it does not depend on the header.
      get sourceIp() {
        return viewerAddress(event);
      },
    });
  };
  const wrapped = middy<APIGatewayProxyEventV2, HttpResult, Error, Context>()
    .use(observed())
    // Outermost but the logger: its body is dropped after every other step has answered.
    .use(headAsGet())
    // Next: nothing else runs for a request that did not come through the edge.
    .use(originGuard(env))
    .use(permissionsPolicy())
    .use(
      httpSecurityHeaders({
        permissionsPolicy: false,
        contentSecurityPolicy: {
          "default-src": "'self'",
          "img-src": "'self' data:",
          "form-action": "'self'",
          "frame-ancestors": "'none'",
          "base-uri": "'self'",
          ...NO_SANDBOX,
        },
      }),
    );
  // CORS for public reads only: a write answer never carries Access-Control-Allow-Origin.
  if (!spec.role) wrapped.use(publicReadCors());
  // After CORS in the list, so it runs before it on the way out: a 304 gets the CORS headers too.
  if (spec.cache && !spec.role) wrapped.use(httpCaching(spec.cache));
  return Object.assign(wrapped.use(errorResponder(spec.pages, { link: spec.link ?? false })).handler(inner), {
    inner,
  });
}

type RouteHandler = ReturnType<typeof httpRoute>;

/**
 * One function serving several methods of one path, as API Gateway invokes it: each method's own
 * route (its schemas and role), and GET's for any other method.
 */
export function byMethod(
  routes: { GET: RouteHandler } & Partial<Record<"POST" | "PUT" | "DELETE", RouteHandler>>,
) {
  return (event: APIGatewayProxyEventV2, context: Context) => {
    const method = event.requestContext.http.method as "GET" | "POST" | "PUT" | "DELETE";
    return (routes[method] ?? routes.GET)(event, context);
  };
}

/**
 * One function serving several routes, as API Gateway invokes it: the handler of the route it
 * matched (`event.routeKey`; HEAD is served as GET). A typed map, so a test can hold its keys to
 * the topology's routes for the function.
 */
export function byRoute<K extends RouteKey>(routes: Record<K, RouteHandler>) {
  return (event: APIGatewayProxyEventV2, context: Context) => {
    const key = event.routeKey.replace(/^HEAD /, "GET ") as K;
    const route = routes[key];
    if (!route) throw new Error(`No handler for the route ${event.routeKey}`);
    return route(event, context);
  };
}

/** Several routes with the same logic, each validated by its own contract. */
export function httpRoutes<B extends Schema, Q extends Schema, P extends Schema>(
  specs: readonly (RouteSpec<B, Q, P> & { route: RouteKey })[],
  fn: (input: RouteInput<B, Q, P>) => Promise<HttpResult>,
) {
  return byRoute(Object.fromEntries(specs.map((spec) => [spec.route, httpRoute(spec, fn)])));
}
