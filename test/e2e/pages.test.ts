/**
 * Every public page passes axe-core's WCAG 2.2 AA rules, and the service shows none of GOV.UK's
 * brand: no crown or crest, no GDS Transport font (its files are not even served).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get } from "../support/api.ts";
import { expectAccessible, launchBrowser, person } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PAGES = [
  "/",
  "/petitions",
  "/petitions?state=closed",
  "/petitions?state=all&q=libraries",
  "/help",
  "/help/standards",
  "/help/privacy",
  "/help/accessibility",
  "/help/cookies",
  "/petitions/new",
  "/staff/sign-in",
  "/petitions/999999",
];

describe("every page", () => {
  it("passes axe with no violations", async () => {
    const context = await person(browser);
    const page = await context.newPage();
    for (const path of PAGES) {
      await page.goto(path);
      await expectAccessible(page);
    }
    await context.close();
  });

  it("uses neither GOV.UK's font nor its crown", async () => {
    const context = await person(browser);
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    await page.goto("/");
    const font = await page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily");
    expect(String(font)).not.toMatch(/GDS Transport/);
    expect(await page.locator(".govuk-header__logotype, .govuk-footer__crown").count()).toBe(0);
    expect(requested.filter((path) => /fonts|crest|crown/.test(path))).toEqual([]);
    const css = await get("/assets/govuk-frontend.min.css");
    expect(css.text).not.toMatch(/GDS Transport|\/assets\/fonts\//);
    expect((await get("/assets/fonts/bold-b542beb274-v2.woff2")).status).toBe(404);
    await context.close();
  });

  it("are sent with a Content-Security-Policy allowing only this site", async () => {
    const answer = await get("/petitions/new", { headers: { accept: "text/html" } });
    const csp = answer.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|sandbox/);
    expect(answer.headers.get("set-cookie")).toMatch(/csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  });

  it("refuse a form post without the CSRF token", async () => {
    const answer = await get("/petitions/new");
    const cookie = (answer.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { call } = await import("../support/api.ts");
    const forged = await call("POST", "/petitions/new", {
      rawBody: "step=action&action=Hello",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, accept: "text/html" },
    });
    expect(forged.status).toBe(403);
  });
});
