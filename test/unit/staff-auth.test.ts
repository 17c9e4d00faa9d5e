/**
 * Staff sign-in fails closed where no engine is needed: a staff function without the token
 * issuer and audience refuses its cold start naming both; the development key pair is made once,
 * private to its owner, and its tokens verify against the JWK it publishes; claims that API
 * Gateway passed from an ID token grant nothing.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { importJWK, jwtVerify, SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../infra/aws/config.ts";
import { localSigningKey } from "../../infra/local/staff-token.ts";
import { loadConfig } from "../../shared/config.ts";
import { staffFrom } from "../../shared/http/auth.ts";

const run = promisify(execFile);

describe("a staff function's settings", () => {
  it("have no default issuer or audience: loading them without values names both", () => {
    expect(() => loadConfig(["STAFF_JWT_ISSUER", "STAFF_JWT_AUDIENCE"], {})).toThrow(
      /STAFF_JWT_ISSUER.*STAFF_JWT_AUDIENCE/,
    );
  });

  it("refuse an issuer that is not a URL (its JWKS lives under it)", () => {
    expect(() => loadConfig(["STAFF_JWT_ISSUER"], { STAFF_JWT_ISSUER: "petitions-local" })).toThrow(
      /STAFF_JWT_ISSUER/,
    );
  });

  it("stop the staff pages' cold start, with a message naming both settings", async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TABLE_NAME: "petitions",
      PUBLIC_URL: "https://petitions.example.org",
    };
    delete env.STAFF_JWT_ISSUER;
    delete env.STAFF_JWT_AUDIENCE;
    const coldStart = run(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", 'await import("./functions/web/staff.ts")'],
      { cwd: projectRoot, env },
    );
    const failure = await coldStart.then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure, "the staff function started without an issuer and audience").not.toBeNull();
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain("STAFF_JWT_ISSUER");
    expect(failure?.stderr).toContain("STAFF_JWT_AUDIENCE");
  });
});

describe("the local development key pair", () => {
  const dir = mkdtempSync(join(tmpdir(), "staff-key-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is made on first use, readable by its owner only, and signs RS256 tokens its JWK verifies", async () => {
    const file = join(dir, "key.pem");
    const key = localSigningKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(key.jwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: key.kid });
    expect(key.jwk).not.toHaveProperty("d");
    const token = await new SignJWT({ token_use: "access" })
      .setProtectedHeader({ alg: "RS256", kid: key.kid })
      .setExpirationTime("1m")
      .sign(key.privateKey);
    const { payload } = await jwtVerify(token, await importJWK(key.jwk, "RS256"));
    expect(payload.token_use).toBe("access");
  });
});

describe("claims from API Gateway's JWT authorizer", () => {
  const event = (claims: Record<string, unknown>) =>
    ({ requestContext: { authorizer: { jwt: { claims } } } }) as unknown as APIGatewayProxyEventV2;

  it("name a staff member when they come from an access token", () => {
    expect(staffFrom(event({ sub: "a", token_use: "access", "cognito:groups": "[moderator]" }))).toEqual({
      id: "a",
      roles: ["moderator"],
    });
  });

  it("name no one when they come from an ID token, or say nothing of their use", () => {
    expect(staffFrom(event({ sub: "a", token_use: "id", "cognito:groups": "[sysadmin]" }))).toBeNull();
    expect(staffFrom(event({ sub: "a", "cognito:groups": "[sysadmin]" }))).toBeNull();
  });
});
