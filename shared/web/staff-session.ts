/**
 * Staff sign-in for the web pages. The staff pages are public routes at API Gateway (a browser
 * sends no bearer token), so the page itself checks a session cookie holding the staff access
 * token, with the same verifier the local engine uses for bearer tokens
 * (shared/http/staff-tokens.ts: a Cognito access token from STAFF_JWT_ISSUER for
 * STAFF_JWT_AUDIENCE), and that the session has not been signed out (shared/db/staff-sessions.ts).
 * On AWS the token comes from Cognito's hosted sign-in; locally from the engine's stand-in for it,
 * or pasted from `npm run token`.
 */
import { createHash, randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { JWTPayload } from "jose";
import type { Role } from "../../shared/topology-types.ts";
import { endStaffSession, keepRefreshToken, sessionEnded } from "../db/staff-sessions.ts";
import type { Staff } from "../http/auth.ts";
import { type StaffTokenSettings, staffTokenVerifier } from "../http/staff-tokens.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { clearCookie, cookieName, cookiesOf, setCookie } from "./cookies.ts";

export type StaffAuthSettings = StaffTokenSettings;

export const SESSION_COOKIE = "staff_session";
const OAUTH_COOKIE = "staff_oauth";

/** What a session needs of its token: who, until when, and its id (`jti`) to end it by. */
interface SessionClaims extends JWTPayload {
  jti: string;
  exp: number;
}

export function staffOfClaims(claims: JWTPayload): Staff | null {
  if (typeof claims.sub !== "string" || claims.sub === "") return null;
  const groups = claims["cognito:groups"];
  const roles = (Array.isArray(groups) ? groups : []).filter(
    (g): g is Role => g === "moderator" || g === "sysadmin",
  );
  return { id: claims.sub, roles };
}

async function sessionClaims(token: string, settings: StaffAuthSettings): Promise<SessionClaims | null> {
  const claims = await staffTokenVerifier(settings)(token);
  if (!claims || typeof claims.jti !== "string" || claims.jti === "" || typeof claims.exp !== "number") {
    return null;
  }
  return claims as SessionClaims;
}

const sessionToken = (event: APIGatewayProxyEventV2, publicUrl: string) =>
  cookiesOf(event).get(cookieName(SESSION_COOKIE, publicUrl));

/** The signed-in staff member of this request, or null. */
export async function sessionStaff(
  event: APIGatewayProxyEventV2,
  settings: StaffAuthSettings & { PUBLIC_URL: string },
): Promise<Staff | null> {
  const token = sessionToken(event, settings.PUBLIC_URL);
  if (!token) return null;
  const claims = await sessionClaims(token, settings);
  if (!claims || (await sessionEnded(claims.jti))) return null;
  return staffOfClaims(claims);
}

/**
 * Verifies an access token and returns the cookie that starts a session with it, or null. A
 * hosted sign-in's refresh token is kept, sealed, for sign-out to revoke.
 */
export async function startSession(
  tokens: { access: string; refresh?: string },
  settings: StaffAuthSettings & { PUBLIC_URL: string },
  now: Date,
): Promise<{ staff: Staff; cookie: string } | null> {
  const token = tokens.access.trim();
  const claims = await sessionClaims(token, settings);
  const staff = claims ? staffOfClaims(claims) : null;
  if (!claims || !staff) return null;
  if (tokens.refresh) await keepRefreshToken(claims, token, tokens.refresh);
  const maxAgeSeconds = Math.max(60, claims.exp - Math.floor(now.getTime() / 1000));
  return { staff, cookie: setCookie(SESSION_COOKIE, token, settings.PUBLIC_URL, { maxAgeSeconds }) };
}

/**
 * Sign-out: the session is marked ended (its cookie opens nothing from now on, wherever a copy
 * of it is), its refresh token is revoked at Cognito's revocation endpoint, and the cookie is
 * cleared. A revocation that fails is logged; the session is ended all the same.
 */
export async function endSession(
  event: APIGatewayProxyEventV2,
  settings: StaffAuthSettings & { PUBLIC_URL: string; STAFF_SIGN_IN_URL: string },
): Promise<string> {
  const token = sessionToken(event, settings.PUBLIC_URL);
  const claims = token ? await sessionClaims(token, settings) : null;
  if (token && claims) {
    const refresh = await endStaffSession(claims, token);
    if (refresh && settings.STAFF_SIGN_IN_URL) {
      const revoked = await revokeRefreshToken(
        settings.STAFF_SIGN_IN_URL,
        settings.STAFF_JWT_AUDIENCE,
        refresh,
      );
      if (!revoked) logger.error("Refresh token revocation failed", { code: LogCode.staffRevokeFailed });
    }
  }
  return clearCookie(SESSION_COOKIE, settings.PUBLIC_URL);
}

/** Cognito's revocation endpoint (`/oauth2/revoke`, form fields `token` and `client_id`). */
async function revokeRefreshToken(signInUrl: string, clientId: string, token: string): Promise<boolean> {
  try {
    const response = await fetch(`${signInUrl}/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, client_id: clientId }),
      signal: AbortSignal.timeout(5000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Cognito's hosted sign-in (authorization code with PKCE): the redirect there, and the cookie
 * that remembers `state` and the verifier until the callback.
 */
export function hostedSignIn(signInUrl: string, clientId: string, publicUrl: string) {
  const state = randomBytes(16).toString("base64url");
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const params = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: `${publicUrl}/staff/sign-in/callback`,
    scope: "openid email profile",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  return {
    location: `${signInUrl}/oauth2/authorize?${params}`,
    cookie: setCookie(OAUTH_COOKIE, `${state}.${verifier}`, publicUrl, { maxAgeSeconds: 600 }),
  };
}

/** Exchanges the callback's code for the access and refresh tokens, after checking `state`. */
export async function completeHostedSignIn(
  event: APIGatewayProxyEventV2,
  query: { code: string; state: string },
  signInUrl: string,
  clientId: string,
  publicUrl: string,
): Promise<{ access: string; refresh?: string } | null> {
  const [state, verifier] = (cookiesOf(event).get(cookieName(OAUTH_COOKIE, publicUrl)) ?? "").split(".");
  if (!state || !verifier || state !== query.state) return null;
  const response = await fetch(`${signInUrl}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: clientId,
      code: query.code,
      redirect_uri: `${publicUrl}/staff/sign-in/callback`,
      code_verifier: verifier,
    }),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) return null;
  const body = (await response.json()) as { access_token?: unknown; refresh_token?: unknown };
  if (typeof body.access_token !== "string") return null;
  return {
    access: body.access_token,
    ...(typeof body.refresh_token === "string" ? { refresh: body.refresh_token } : {}),
  };
}

export const clearHostedSignIn = (publicUrl: string) => clearCookie(OAUTH_COOKIE, publicUrl);
