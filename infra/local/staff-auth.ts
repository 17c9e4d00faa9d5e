/**
 * The engine's stand-in for Cognito, under its issuer `<engine>/_local/auth`:
 * - `GET .well-known/jwks.json`: the public key of the development key pair (Cognito's JWKS path);
 * - `GET oauth2/authorize`, `POST oauth2/token`: the hosted sign-in's authorization code flow with
 *   PKCE (S256), for engines started with `hostedSignIn` (the user signs in at once, with the
 *   roles in `role=`, moderator by default);
 * - `GET logout`: Cognito's sign-out redirect back to `logout_uri`;
 * - `POST oauth2/revoke`: refresh-token revocation as Cognito's endpoint takes it (form fields
 *   `token` and `client_id`), recorded so tests can see sign-out call it;
 * - `GET revocations`: the recorded revocations (whose refresh token, and whether it was one this
 *   engine issued).
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Role } from "../../shared/topology-types.ts";
import { LOCAL_AUDIENCE, localIssuer, localSigningKey, signStaffToken } from "./staff-token.ts";

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  roles: Role[];
  sub: string;
  expires: number;
}

export interface Revocation {
  sub: string | null;
  issuedHere: boolean;
  at: string;
}

function sendJson(response: ServerResponse, status: number, body: unknown): true {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("cache-control", "no-store");
  response.end(JSON.stringify(body));
  return true;
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16_384) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function staffAuthRoutes(engineUrl: string) {
  const base = new URL(localIssuer(engineUrl)).pathname;
  const codes = new Map<string, PendingCode>();
  /** Refresh tokens this engine issued, and whose. */
  const refreshTokens = new Map<string, string>();
  const revocations: Revocation[] = [];

  return async (request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> => {
    if (!path.startsWith(`${base}/`)) return false;
    const route = `${request.method ?? "GET"} ${path.slice(base.length)}`;
    if (route === "GET /.well-known/jwks.json") {
      return sendJson(response, 200, { keys: [localSigningKey().jwk] });
    }
    if (route === "GET /oauth2/authorize") {
      const query = new URL(request.url ?? "", "http://local").searchParams;
      const redirectUri = query.get("redirect_uri") ?? "";
      const challenge = query.get("code_challenge") ?? "";
      if (
        query.get("response_type") !== "code" ||
        query.get("client_id") !== LOCAL_AUDIENCE ||
        query.get("code_challenge_method") !== "S256" ||
        challenge === "" ||
        !redirectUri.startsWith(`${engineUrl}/`)
      ) {
        return sendJson(response, 400, { error: "invalid_request" });
      }
      const roles = (query.get("role") ?? "moderator")
        .split(",")
        .filter((r): r is Role => r === "moderator" || r === "sysadmin");
      const code = randomBytes(24).toString("base64url");
      codes.set(code, {
        clientId: LOCAL_AUDIENCE,
        redirectUri,
        challenge,
        roles,
        sub: `local-hosted-${roles[0] ?? "staff"}`,
        expires: Date.now() + 300_000,
      });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      back.searchParams.set("state", query.get("state") ?? "");
      response.statusCode = 302;
      response.setHeader("location", back.toString());
      response.end();
      return true;
    }
    if (route === "POST /oauth2/token") {
      const form = await formOf(request);
      const code = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      const verifier = form.get("code_verifier") ?? "";
      if (
        !code ||
        code.expires < Date.now() ||
        form.get("grant_type") !== "authorization_code" ||
        form.get("client_id") !== code.clientId ||
        form.get("redirect_uri") !== code.redirectUri ||
        createHash("sha256").update(verifier).digest("base64url") !== code.challenge
      ) {
        return sendJson(response, 400, { error: "invalid_grant" });
      }
      const refresh = randomBytes(48).toString("base64url");
      refreshTokens.set(refresh, code.sub);
      return sendJson(response, 200, {
        access_token: await signStaffToken(engineUrl, { roles: code.roles, sub: code.sub, expiresIn: "1h" }),
        id_token: await signStaffToken(engineUrl, {
          roles: code.roles,
          sub: code.sub,
          expiresIn: "1h",
          tokenUse: "id",
        }),
        refresh_token: refresh,
        token_type: "Bearer",
        expires_in: 3600,
      });
    }
    if (route === "GET /logout") {
      const query = new URL(request.url ?? "", "http://local").searchParams;
      const back = query.get("logout_uri") ?? "";
      if (query.get("client_id") !== LOCAL_AUDIENCE || !back.startsWith(`${engineUrl}/`)) {
        return sendJson(response, 400, { error: "invalid_request" });
      }
      response.statusCode = 302;
      response.setHeader("location", back);
      response.end();
      return true;
    }
    if (route === "POST /oauth2/revoke") {
      const form = await formOf(request);
      const token = form.get("token") ?? "";
      if (token === "" || form.get("client_id") !== LOCAL_AUDIENCE) {
        return sendJson(response, 400, { error: "invalid_request" });
      }
      const sub = refreshTokens.get(token) ?? null;
      refreshTokens.delete(token);
      revocations.push({ sub, issuedHere: sub !== null, at: new Date().toISOString() });
      response.statusCode = 200;
      response.end();
      return true;
    }
    if (route === "GET /revocations") return sendJson(response, 200, revocations);
    return sendJson(response, 404, { message: "Not Found" });
  };
}
