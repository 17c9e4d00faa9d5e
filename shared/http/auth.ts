/**
 * Staff identity from the JWT claims API Gateway's authorizer (or the local engine, which plays
 * the same part) has already verified. Routes check the role here; a missing identity is 401,
 * a missing role 403.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Staff } from "../domain/staff.ts";
import { ForbiddenError, UnauthorisedError } from "../errors.ts";
import type { Role } from "../topology-types.ts";

export type { Staff };

type EventWithAuthorizer = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};

/** `cognito:groups` arrives as a list, or as API Gateway's flattened `[a b]` string. */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string");
  if (typeof claim === "string") {
    return claim
      .replace(/^\[|\]$/g, "")
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return [];
}

export function staffFrom(event: APIGatewayProxyEventV2): Staff | null {
  const claims = (event as EventWithAuthorizer).requestContext.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (!claims || typeof sub !== "string" || sub === "") return null;
  // API Gateway's JWT authorizer accepts an ID token for the app client too (its `aud`); only
  // access tokens are staff credentials here, as in shared/http/staff-tokens.ts.
  if (claims.token_use !== "access") return null;
  const roles = groupsOf(claims["cognito:groups"]).filter(
    (g): g is Role => g === "moderator" || g === "sysadmin",
  );
  return { id: sub, roles };
}

/** A sysadmin may do everything a moderator may. */
export function requireRole(event: APIGatewayProxyEventV2, role: Role): Staff {
  const staff = staffFrom(event);
  if (!staff) throw new UnauthorisedError();
  if (!staff.roles.includes(role) && !staff.roles.includes("sysadmin")) throw new ForbiddenError();
  return staff;
}
