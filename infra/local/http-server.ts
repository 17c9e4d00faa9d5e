/**
 * API Gateway's part: the engine's HTTP server. Requests go first to the engine's own routes
 * (staff sign-in, `/_local/...`, assets), then to the function whose route matches, with the
 * JWT authorizer in front of staff routes, the payload size limit, and payload 2.0's answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { StaffTokenVerifier } from "../../shared/http/staff-tokens.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import type { FunctionRunner } from "./functions.ts";
import { type CompiledRoute, compileRoutes, defaultRoute, matchRoute, toEvent } from "./router.ts";

const MAX_BODY = 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

interface HandlerResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

function writeResult(response: ServerResponse, result: unknown): void {
  // API Gateway's payload 2.0 rule: anything without a statusCode is a 200 JSON body.
  const shaped: HandlerResult =
    result && typeof result === "object" && "statusCode" in result
      ? (result as HandlerResult)
      : {
          statusCode: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(result ?? null),
        };
  for (const [name, value] of Object.entries(shaped.headers ?? {})) response.setHeader(name, String(value));
  for (const [name, values] of Object.entries(shaped.multiValueHeaders ?? {})) {
    response.setHeader(name, values.map(String));
  }
  if (shaped.cookies?.length) response.setHeader("set-cookie", shaped.cookies);
  response.statusCode = shaped.statusCode ?? 200;
  response.end(shaped.isBase64Encoded ? Buffer.from(shaped.body ?? "", "base64") : (shaped.body ?? ""));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(JSON.stringify(body));
}

export interface HttpServerDeps {
  port: number;
  functions: readonly FunctionSpec[];
  runner: FunctionRunner;
  /** The engine's own routes, asked in this order before the functions' routes. */
  staffAuth: (request: IncomingMessage, response: ServerResponse, path: string) => Promise<boolean>;
  local: (request: IncomingMessage, response: ServerResponse, path: string) => Promise<boolean>;
  assets: (request: IncomingMessage, response: ServerResponse, path: string) => boolean;
  verifyStaffToken: StaffTokenVerifier;
  originSecret: string;
  log: (line: string) => void;
}

/** Starts the server; `onCreated` gets it before it listens, so a failed listen can still close it. */
export async function startHttpServer(
  deps: HttpServerDeps,
  onCreated: (server: Server) => void,
): Promise<Server> {
  const { functions, runner, staffAuth, local, assets, verifyStaffToken, originSecret, log } = deps;
  const routes = compileRoutes(functions);
  const fallback = defaultRoute(functions);
  const server = createServer(async (request, response) => {
    try {
      const path = new URL(request.url ?? "/", "http://local").pathname;
      if (await staffAuth(request, response, path)) return;
      if (await local(request, response, path)) return;
      if (assets(request, response, path)) return;
      const found = matchRoute(routes, request.method ?? "GET", path);
      if (found === "malformed") return sendJson(response, 400, { message: "Bad Request" });
      // What no route matches goes to the `$default` route's function, as on API Gateway;
      // without one, API Gateway's own 404.
      const missed = found === null || found === "method";
      if (missed && !fallback) return sendJson(response, 404, { message: "Not Found" });
      const matched: { route: CompiledRoute; params: Record<string, string> } = missed
        ? { route: fallback as CompiledRoute, params: {} }
        : found;
      let claims: Record<string, unknown> | null = null;
      if (matched.route.route.auth !== "public") {
        const header = request.headers.authorization ?? "";
        const token = header.match(/^Bearer\s+(.+)$/i)?.[1];
        claims = token ? await verifyStaffToken(token) : null;
        // API Gateway's JWT authorizer refuses before the function runs.
        if (!claims) return sendJson(response, 401, { message: "Unauthorized" });
      }
      const body = await readBody(request);
      if (body === null) {
        // The rest of the body is never read, so this connection cannot carry another request.
        response.setHeader("connection", "close");
        return sendJson(response, 413, { message: "Request Entity Too Large" });
      }
      const event = toEvent(request, body, matched.route, matched.params, claims, originSecret);
      const result = await runner.invoke(matched.route.spec, event);
      writeResult(response, result);
    } catch (error) {
      log(`http: a function failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { message: "Internal Server Error" });
      else response.end();
    }
  });
  onCreated(server);
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    // Idle connections outlive the clients' own keep-alive (undici: 4 s), so a client never
    // reuses a socket the server is closing at that moment.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.listen(deps.port, "127.0.0.1", () => resolveListen());
  });
  return server;
}
