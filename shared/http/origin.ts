/**
 * Only what came through the edge is served: every HTTP request must carry the origin secret that
 * CloudFront adds as a custom origin header (the local engine adds it the same way), and the
 * signer's address is the one the edge saw, from `CloudFront-Viewer-Address`, never a header a
 * client could have written.
 *
 * The secret is read from Secrets Manager (ORIGIN_SECRET_ARN) with both the AWSCURRENT and
 * AWSPREVIOUS versions accepted, so a rotation never refuses a request in flight; locally the
 * engine passes the value itself (ORIGIN_SECRET).
 */
import { timingSafeEqual } from "node:crypto";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type middy from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ConfigError } from "../config.ts";
import { ORIGIN_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from "../edge.ts";
import { ForbiddenError } from "../errors.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import type { HttpResult } from "./responses.ts";

/** How long a read secret is trusted before it is read again (seconds). */
const SECRET_MAX_AGE = 300;
/** An unknown value makes the function re-read the secret (a rotation), at most this often. */
const REFRESH_AFTER_MS = 30_000;

export class NotFromEdgeError extends ForbiddenError {
  constructor() {
    super("Requests must come through the service's address");
  }
}

/**
 * Powertools caches by secret name only, so the current and previous versions each need their
 * own provider (one cache each).
 */
let providers: { current: SecretsProvider; previous: SecretsProvider } | undefined;
/** Made on first use: each provider makes an SDK client (~5 ms), and a function given the value reads none. */
const secretsProviders = () => {
  providers ??= { current: new SecretsProvider(), previous: new SecretsProvider() };
  return providers;
};
let lastRead = 0;
let previousMissingUntil = 0;

async function readSecrets(arn: string, force: boolean): Promise<string[]> {
  const now = Date.now();
  const { current: currentProvider, previous: previousProvider } = secretsProviders();
  const current = await currentProvider.get(arn, { maxAge: SECRET_MAX_AGE, forceFetch: force });
  let previous: unknown;
  if (force || now >= previousMissingUntil) {
    try {
      previous = await previousProvider.get(arn, {
        maxAge: SECRET_MAX_AGE,
        forceFetch: force,
        sdkOptions: { VersionStage: "AWSPREVIOUS" },
      });
      previousMissingUntil = 0;
    } catch {
      // A secret never rotated has no AWSPREVIOUS version: remember that for as long as a value.
      previousMissingUntil = now + SECRET_MAX_AGE * 1000;
    }
  }
  if (force || lastRead === 0) lastRead = now;
  return [current, previous].filter((v): v is string => typeof v === "string" && v !== "");
}

/** Fails the cold start of an HTTP function that has no way to know the origin secret. */
export function assertOriginConfigured(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.ORIGIN_SECRET && !env.ORIGIN_SECRET_ARN) {
    throw new ConfigError("Invalid configuration: ORIGIN_SECRET_ARN (or locally ORIGIN_SECRET) is required");
  }
}

/** The values accepted now; `refresh` re-reads Secrets Manager (rate-limited). */
export async function originSecrets(
  env: NodeJS.ProcessEnv = process.env,
  refresh = false,
): Promise<string[]> {
  const local = env.ORIGIN_SECRET;
  if (local) return [local];
  const arn = env.ORIGIN_SECRET_ARN;
  if (!arn)
    throw new ConfigError("Invalid configuration: ORIGIN_SECRET_ARN (or locally ORIGIN_SECRET) is required");
  const force = refresh && Date.now() - lastRead >= REFRESH_AFTER_MS;
  return readSecrets(arn, force);
}

function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function matches(given: string, accepted: readonly string[]): boolean {
  const candidate = Buffer.from(given, "utf8");
  let found = false;
  for (const value of accepted) {
    const wanted = Buffer.from(value, "utf8");
    if (wanted.length === candidate.length && timingSafeEqual(wanted, candidate)) found = true;
  }
  return found;
}

/** Does the request carry the origin secret? Re-reads the secret once on a miss (a rotation). */
export async function cameThroughEdge(
  event: APIGatewayProxyEventV2,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const given = headerOf(event, ORIGIN_SECRET_HEADER);
  if (!given) return false;
  if (matches(given, await originSecrets(env))) return true;
  return matches(given, await originSecrets(env, true));
}

/**
 * The viewer's IP address from CloudFront-Viewer-Address: `ip:port`, the port after the last
 * colon (IPv6 comes unbracketed, `2001:db8::1:46532`; brackets are accepted too).
 */
export function parseViewerAddress(value: string | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  const colon = text.lastIndexOf(":");
  if (colon <= 0 || !/^\d{1,5}$/.test(text.slice(colon + 1))) return null;
  const address = text
    .slice(0, colon)
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  return /^[0-9a-f.:]+$/i.test(address) ? address.toLowerCase() : null;
}

/** The address the edge saw; the request is refused when the edge did not say. */
export function viewerAddress(event: APIGatewayProxyEventV2): string {
  const address = parseViewerAddress(headerOf(event, VIEWER_ADDRESS_HEADER));
  if (!address) throw new NotFromEdgeError();
  return address;
}

/**
 * The first middleware of every HTTP function: a request without the origin secret is refused
 * with 403 before the body is read, the role checked or anything written.
 */
export function originGuard(
  env: NodeJS.ProcessEnv = process.env,
): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    before: async (request) => {
      if (await cameThroughEdge(request.event, env)) return;
      logger.warn("request without the origin secret", { code: LogCode.notFromEdge });
      throw new NotFromEdgeError();
    },
  };
}
