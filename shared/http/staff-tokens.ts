/**
 * The one check of a staff token, on AWS and locally. It accepts only what Cognito issues as an
 * access token: RS256, signed by a key listed at `<issuer>/.well-known/jwks.json`, `iss` equal to
 * STAFF_JWT_ISSUER, `token_use` "access" (an ID token is refused), `client_id` equal to
 * STAFF_JWT_AUDIENCE (Cognito access tokens carry `client_id` and no `aud`), and unexpired.
 * The staff pages check their session token with it; the local engine checks bearer tokens with
 * it where API Gateway's JWT authorizer does on AWS. Locally the issuer is the engine's own URL,
 * which serves its JWKS the same way, so no code path here knows which it is talking to.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";

export interface StaffTokenSettings {
  STAFF_JWT_ISSUER: string;
  STAFF_JWT_AUDIENCE: string;
}

/** The verified claims, or null for a missing, forged, expired, foreign or non-access token. */
export type StaffTokenVerifier = (token: string) => Promise<JWTPayload | null>;

const verifiers = new Map<string, StaffTokenVerifier>();

export function staffTokenVerifier(settings: StaffTokenSettings): StaffTokenVerifier {
  const issuer = settings.STAFF_JWT_ISSUER;
  const audience = settings.STAFF_JWT_AUDIENCE;
  const cacheKey = `${issuer} ${audience}`;
  const cached = verifiers.get(cacheKey);
  if (cached) return cached;
  const keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), { timeoutDuration: 5000 });
  const verifier: StaffTokenVerifier = async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        algorithms: ["RS256"],
        requiredClaims: ["exp", "sub", "token_use", "client_id"],
      });
      if (payload.token_use !== "access" || payload.client_id !== audience) return null;
      return payload;
    } catch {
      return null;
    }
  };
  verifiers.set(cacheKey, verifier);
  return verifier;
}
