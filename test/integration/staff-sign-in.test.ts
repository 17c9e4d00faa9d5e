/**
 * Staff sign-in fails closed, end to end through the local engine: a token from `npm run token`
 * (another process) opens the staff routes; signing out ends the session so the old cookie opens
 * nothing; after a hosted sign-in (authorization code with PKCE against the engine's stand-in for
 * Cognito), sign-out revokes the refresh token at the revocation endpoint.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Engine, projectRoot, startEngineOnFreePorts } from "../../infra/local/engine.ts";
import type { Revocation } from "../../infra/local/staff-auth.ts";
import { baseUrl, staffToken } from "../support/api.ts";
import { TEST_SETTINGS } from "../support/global-setup.ts";

const run = promisify(execFile);

/** A browser's cookie jar for one site, and requests that carry it. */
class Browser {
  private readonly cookies = new Map<string, string>();
  readonly csrf = randomBytes(32).toString("base64url");

  constructor(private readonly site: string) {
    this.cookies.set("csrf", this.csrf);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(method: string, url: string, form?: Record<string, string>, cookies = this.cookieHeader()) {
    const response = await fetch(url.startsWith("http") ? url : `${this.site}${url}`, {
      method,
      redirect: "manual",
      headers: {
        accept: "text/html",
        cookie: cookies,
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams({ ...form, csrf_token: this.csrf }) : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      if (attributes.some((a) => /^\s*Max-Age=0$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1));
    }
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get("location") ?? "" };
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

describe("a pasted staff token", () => {
  it("from `npm run token` in another process opens the staff routes of the running engine", async () => {
    const port = new URL(baseUrl()).port;
    const { stdout } = await run("npm", ["run", "-s", "token", "--", "--role", "sysadmin"], {
      cwd: projectRoot,
      env: { ...process.env, PORT: port },
    });
    const token = stdout.trim();
    expect(token.split(".")).toHaveLength(3);
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8"));
    expect(header.alg).toBe("RS256");
    const answer = await fetch(`${baseUrl()}/admin/petitions?queue=in_moderation`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
    expect(answer.status).toBe(200);
  });

  it("starts a session that sign-out ends: the old cookie no longer opens a page", async () => {
    const browser = new Browser(baseUrl());
    const signedIn = await browser.request("POST", "/staff/sign-in", {
      token: await staffToken("moderator"),
    });
    expect(signedIn).toEqual({ status: 303, location: "/staff" });
    const session = browser.cookieHeader();
    expect(browser.cookie("staff_session")).toBeTruthy();
    expect((await browser.request("GET", "/staff")).status).toBe(200);

    expect(await browser.request("POST", "/staff/sign-out", {})).toEqual({
      status: 303,
      location: "/staff/sign-in",
    });
    expect(browser.cookie("staff_session")).toBeUndefined();
    // A copy of the cookie kept from before sign-out is refused.
    expect(await browser.request("GET", "/staff", undefined, session)).toEqual({
      status: 303,
      location: "/staff/sign-in",
    });
  });
});

describe("hosted sign-in", () => {
  let engine: Engine;
  const inherited = process.env.PUBLIC_URL;
  beforeAll(async () => {
    // This worker inherited the shared engine's PUBLIC_URL; this engine serves its own.
    delete process.env.PUBLIC_URL;
    engine = await startEngineOnFreePorts({ settings: TEST_SETTINGS, hostedSignIn: true, log: () => {} });
  });
  afterAll(async () => {
    await engine?.stop();
    if (inherited !== undefined) process.env.PUBLIC_URL = inherited;
  });

  const revocations = async () =>
    (await (await fetch(`${engine.url}/_local/auth/revocations`)).json()) as Revocation[];

  it("signs in with a code and PKCE, and sign-out revokes the refresh token and ends the session", async () => {
    const browser = new Browser(engine.url);
    const start = await browser.request("GET", "/staff/sign-in");
    expect(start.status).toBe(303);
    const authorize = new URL(start.location);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${engine.url}/_local/auth/oauth2/authorize`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");

    const callback = await browser.request("GET", start.location);
    expect(callback.status).toBe(302);
    expect(callback.location).toContain("/staff/sign-in/callback?code=");
    expect(await browser.request("GET", callback.location)).toEqual({ status: 303, location: "/staff" });
    const session = browser.cookieHeader();
    expect((await browser.request("GET", "/staff")).status).toBe(200);
    expect(await revocations()).toEqual([]);

    const signOut = await browser.request("POST", "/staff/sign-out", {});
    expect(signOut.status).toBe(303);
    // Then Cognito's /logout ends the hosted sign-in and returns to the sign-in page.
    const logout = new URL(signOut.location);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${engine.url}/_local/auth/logout`);
    expect(await browser.request("GET", signOut.location)).toEqual({
      status: 302,
      location: `${engine.url}/staff/sign-in`,
    });
    expect(await revocations()).toEqual([
      expect.objectContaining({ sub: "local-hosted-moderator", issuedHere: true }),
    ]);
    expect(browser.cookie("staff_session")).toBeUndefined();
    expect(await browser.request("GET", "/staff", undefined, session)).toEqual({
      status: 303,
      location: "/staff/sign-in",
    });
  });

  it("refuses a callback whose code was made for another verifier", async () => {
    const browser = new Browser(engine.url);
    const start = await browser.request("GET", "/staff/sign-in");
    const callback = await browser.request("GET", start.location);
    // Another browser's sign-in: its own state and verifier, this browser's code.
    const other = new Browser(engine.url);
    const otherStart = new URL((await other.request("GET", "/staff/sign-in")).location);
    const stolen = new URL(callback.location);
    stolen.searchParams.set("state", otherStart.searchParams.get("state") ?? "");
    expect((await other.request("GET", stolen.toString())).status).toBe(403);
    expect(other.cookie("staff_session")).toBeUndefined();
  });
});
