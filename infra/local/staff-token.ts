/**
 * Staff tokens for the local engine: HS256 JWTs signed by a development key that exists only
 * here. On AWS, Cognito issues the tokens and API Gateway's JWT authorizer verifies them; the
 * local engine plays that part with this key and hands handlers the same claims.
 */
import { jwtVerify, SignJWT } from "jose";
import type { Role } from "../topology-types.ts";

const DEVELOPMENT_KEY = new TextEncoder().encode("petitions-local-development-key-never-deployed");
export const LOCAL_ISSUER = "petitions-local";
export const LOCAL_AUDIENCE = "petitions-staff";

export async function signStaffToken(options: {
  roles: Role[];
  sub?: string;
  expiresIn?: string;
  audience?: string;
  issuer?: string;
  key?: Uint8Array;
}): Promise<string> {
  return new SignJWT({ "cognito:groups": options.roles, token_use: "access" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(options.sub ?? `local-${options.roles[0] ?? "staff"}`)
    .setIssuer(options.issuer ?? LOCAL_ISSUER)
    .setAudience(options.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "8h")
    .sign(options.key ?? DEVELOPMENT_KEY);
}

/** The verified claims, or null for a missing, forged, expired or wrong-audience token. */
export async function verifyStaffToken(token: string): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtVerify(token, DEVELOPMENT_KEY, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: ["HS256"],
    });
    return payload as Record<string, unknown>;
  } catch {
    return null;
  }
}
