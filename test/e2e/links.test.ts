/**
 * What a person meets when an address or a link is wrong, in a real browser: a page that says
 * what happened and what to do next (never JSON), HEAD answered as GET, a supporter link that
 * leads on once the petition is published, and a console free of Permissions-Policy warnings.
 */
import type { ConsoleMessage } from "playwright-core";
import { describe, expect, it } from "vitest";
import { drain, linkIn, onlyMail, pathOf, post, signer } from "../support/api.ts";
import {
  aBrowserAndAnOpenPetition,
  expectAccessible,
  person,
  screenshot,
  textOf,
} from "../support/browser.ts";

const the = aBrowserAndAnOpenPetition();

describe("a wrong address or link in the browser", () => {
  it("shows Page not found for an unknown address, and a problem for an id that is not a number", async () => {
    const context = await person(the.browser);
    const page = await context.newPage();
    const malformed = await page.goto("/petitions/abc");
    expect(malformed?.status()).toBe(400);
    expect(await textOf(page.locator("h1"))).toBe("There is a problem with the request");
    for (const path of ["/petitons", "/admin"]) {
      const answer = await page.goto(path);
      expect(answer?.status(), path).toBe(404);
      expect(answer?.headers()["content-type"], path).toMatch(/^text\/html/);
      expect(await textOf(page.locator("h1"))).toBe("Page not found");
      expect(await page.title()).toMatch(/^Page not found – /);
      await expectAccessible(page);
    }
    await screenshot(page, "page-not-found");
    // A program asking for JSON still gets JSON.
    const program = await context.request.get("/petitions/abc", { headers: { accept: "application/json" } });
    expect(program.headers()["content-type"]).toMatch(/^application\/json/);
    const unknown = await context.request.get("/petitons", { headers: { accept: "application/json" } });
    expect(unknown.status()).toBe(404);
    expect(((await unknown.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe("not_found");
    await context.close();
  });

  it("shows This link is not valid for a wrong and a truncated confirmation link", async () => {
    const someone = signer();
    await post(`/petitions/${the.petition.id}/signatures`, someone);
    await drain();
    const link = pathOf(linkIn(await onlyMail(String(someone.email), /confirm/i), /\/verify\?token=/));
    const context = await person(the.browser);
    const page = await context.newPage();
    for (const broken of [link.slice(0, -12), link.replace(/token=.*/, "token=not-the-token")]) {
      const answer = await page.goto(broken);
      expect(answer?.status(), broken).toBe(404);
      expect(await textOf(page.locator("h1"))).toBe("This link is not valid");
      expect(await textOf(page.locator("main"))).toMatch(/sign it again/);
      await expectAccessible(page);
    }
    await screenshot(page, "link-not-valid");
    await page.getByRole("link", { name: "Find a petition" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/petitions");
    await context.close();
  });

  it("answers HEAD like GET, without a body", async () => {
    const context = await person(the.browser);
    for (const path of ["/", `/petitions/${the.petition.id}`]) {
      const [full, head] = [await context.request.get(path), await context.request.head(path)];
      expect(head.status(), path).toBe(200);
      expect(head.headers()["content-type"], path).toBe(full.headers()["content-type"]);
      expect((await head.body()).length, path).toBe(0);
    }
    await context.close();
  });

  it("leads a supporter link opened after publication to the petition's page, to sign it", async () => {
    const context = await person(the.browser);
    const page = await context.newPage();
    await page.goto(pathOf(the.petition.sponsorLink));
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/petitions/${the.petition.id}`);
    await page.getByRole("button", { name: "Sign this petition" }).click();
    await expect
      .poll(() => new URL(page.url()).pathname)
      .toBe(`/petitions/${the.petition.id}/signatures/new`);
    await context.close();
  });
});

describe("the console", () => {
  it("logs no Permissions-Policy warning on any page", async () => {
    const context = await person(the.browser);
    const page = await context.newPage();
    const messages: string[] = [];
    page.on("console", (message: ConsoleMessage) => messages.push(`${message.type()}: ${message.text()}`));
    for (const path of [
      "/",
      "/petitions",
      `/petitions/${the.petition.id}`,
      `/petitions/${the.petition.id}/signatures/new`,
      "/petitions/new",
      "/help/privacy",
      "/nowhere",
    ]) {
      await page.goto(path);
      await page.waitForLoadState("load");
    }
    expect(messages.filter((m) => /permissions.policy/i.test(m))).toEqual([]);
    await context.close();
  });
});
