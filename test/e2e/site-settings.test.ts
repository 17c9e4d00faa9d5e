/**
 * The sysadmins' site settings page in a real browser: it passes axe's WCAG 2.2 AA rules, shows
 * a refused value in its error summary, and a banner saved there shows on the home page.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, get, staffToken } from "../support/api.ts";
import { expectAccessible, launchBrowser, person, textOf } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  // The banner off again for the other browser tests.
  const token = await staffToken("sysadmin");
  const { version } = (await get<{ version: number }>("/admin/settings", { token })).body;
  await call("PUT", "/admin/settings", { body: { version, home_page_message: "" }, token });
  await browser?.close();
});

describe("the site settings page", () => {
  it("is accessible, names a refused value, and saves a banner the home page shows", async () => {
    const context = await person(browser);
    const page = await context.newPage();
    await page.goto("/staff/sign-in");
    await page.getByLabel("Staff token").fill(await staffToken("sysadmin", "sysadmin-e2e"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => textOf(page.locator("h1").first())).toBe("In moderation");

    await page.goto("/staff/settings");
    expect(await textOf(page.locator("h1").first())).toBe("Site settings");
    await expectAccessible(page);

    await page.getByLabel("Supporters needed before moderation").fill("11");
    await page.getByRole("button", { name: "Save settings" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.count()).toBe(1);
    await expectAccessible(page);
    await page.getByLabel("Supporters needed before moderation").fill("5");

    const banner = "The site will be slow on Sunday morning";
    await page.getByLabel("Banner on every public page").fill(banner);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect
      .poll(async () => textOf(page.locator(".govuk-notification-banner").first()))
      .toContain("Saved: home_page_message");
    await expectAccessible(page);

    await page.goto("/");
    await expect.poll(() => textOf(page.locator("#site-banner"))).toContain(banner);
    await expectAccessible(page);
    await context.close();
  });
});
