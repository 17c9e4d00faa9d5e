/**
 * Staff sign-in for the web pages. The staff pages are public routes at API Gateway (a browser
 * sends no bearer token), so the page itself checks a session cookie holding the staff JWT and
 * verifies it here, behind one small interface:
 * - on AWS, a Cognito access token, checked against the user pool's JWKS (issuer, `client_id`);
 * - locally (issuer `petitions-local`), a token from `npm run token`, checked with the local
 *   development key, the same check the local engine makes for the JSON staff routes.
 */
import { createHash, randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import type { Role } from "../../infra/topology-types.ts";
import type { Staff } from "../http/auth.ts";
import { clearCookie, cookieName, cookiesOf, setCookie } from "./cookies.ts";

export interface StaffTokenVerifier {
  /** The verified claims, or null for a missing, forged, expired or foreign token. */
  verify(token: string): Promise<JWTPayload | null>;
}

export interface StaffAuthSettings {
  STAFF_JWT_ISSUER: string;
  STAFF_JWT_AUDIENCE: string;
}

export const LOCAL_STAFF_ISSUER = "petitions-local";
export const SESSION_COOKIE = "staff_session";
const OAUTH_COOKIE = "staff_oauth";

/** Cognito: access tokens carry `client_id` rather than `aud`; either must name our client. */
function cognitoVerifier(issuer: string, audience: string): StaffTokenVerifier {
  const keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), { timeoutDuration: 5000 });
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ["RS256"] });
        const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
        if (payload.client_id !== audience && !aud.includes(audience)) return null;
        return payload;
      } catch {
        return null;
      }
    },
  };
}

/** The local engine's development key; its issuer is never configured on AWS. */
const localVerifier: StaffTokenVerifier = {
  async verify(token) {
    const { verifyStaffToken } = await import("../../infra/local/staff-token.ts");
    return verifyStaffToken(token);
  },
};

const verifiers = new Map<string, StaffTokenVerifier>();

export function staffVerifier(settings: StaffAuthSettings): StaffTokenVerifier {
  const key = `${settings.STAFF_JWT_ISSUER} ${settings.STAFF_JWT_AUDIENCE}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier =
      settings.STAFF_JWT_ISSUER === LOCAL_STAFF_ISSUER
        ? localVerifier
        : cognitoVerifier(settings.STAFF_JWT_ISSUER, settings.STAFF_JWT_AUDIENCE);
    verifiers.set(key, verifier);
  }
  return verifier;
}

export function staffOfClaims(claims: JWTPayload): Staff | null {
  if (typeof claims.sub !== "string" || claims.sub === "") return null;
  const groups = claims["cognito:groups"];
  const roles = (Array.isArray(groups) ? groups : []).filter(
    (g): g is Role => g === "moderator" || g === "sysadmin",
  );
  return { id: claims.sub, roles };
}

/** The signed-in staff member of this request, or null. */
export async function sessionStaff(
  event: APIGatewayProxyEventV2,
  settings: StaffAuthSettings & { PUBLIC_URL: string },
): Promise<Staff | null> {
  const token = cookiesOf(event).get(cookieName(SESSION_COOKIE, settings.PUBLIC_URL));
  if (!token) return null;
  const claims = await staffVerifier(settings).verify(token);
  return claims ? staffOfClaims(claims) : null;
}

/** Verifies a token and returns the cookie that starts a session with it, or null. */
export async function startSession(
  token: string,
  settings: StaffAuthSettings & { PUBLIC_URL: string },
  now: Date,
): Promise<{ staff: Staff; cookie: string } | null> {
  const claims = await staffVerifier(settings).verify(token.trim());
  const staff = claims ? staffOfClaims(claims) : null;
  if (!claims || !staff) return null;
  const maxAgeSeconds = Math.max(
    60,
    (claims.exp ?? now.getTime() / 1000 + 3600) - Math.floor(now.getTime() / 1000),
  );
  return { staff, cookie: setCookie(SESSION_COOKIE, token.trim(), settings.PUBLIC_URL, { maxAgeSeconds }) };
}

export const endSession = (publicUrl: string) => clearCookie(SESSION_COOKIE, publicUrl);

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

/** Exchanges the callback's code for an access token, after checking `state`. */
export async function completeHostedSignIn(
  event: APIGatewayProxyEventV2,
  query: { code: string; state: string },
  signInUrl: string,
  clientId: string,
  publicUrl: string,
): Promise<string | null> {
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
  const body = (await response.json()) as { access_token?: unknown };
  return typeof body.access_token === "string" ? body.access_token : null;
}

export const clearHostedSignIn = (publicUrl: string) => clearCookie(OAUTH_COOKIE, publicUrl);
