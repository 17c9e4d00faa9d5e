/**
 * A person signs a petition entirely in the browser: the form (first wrong, then right), the
 * email from the mailbox page, the confirmation link, and the count that includes them. The
 * same flow works with JavaScript off and with the keyboard alone.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { drain, linkIn, onlyMail, pathOf, uniqueEmail } from "../support/api.ts";
import {
  aBrowserAndAnOpenPetition,
  expectAccessible,
  focused,
  person,
  screenshot,
  tabTo,
  textOf,
} from "../support/browser.ts";

const the = aBrowserAndAnOpenPetition();

const countOn = async (page: Page) =>
  Number((await textOf(page.locator("[data-count-url]").first())).replace(/,/g, ""));

/** Opens the signature's confirmation email from the mailbox page and follows its link. */
async function confirmFromMailbox(page: Page, email: string) {
  const mail = await onlyMail(email, /confirm/i);
  const link = linkIn(mail, /\/verify\?token=/);
  await page.goto("/_local/mail");
  await page.locator(`a[href="${link}"]`).first().click();
  await expect.poll(() => textOf(page.locator("h1").first())).toMatch(/signature has been added/i);
  return pathOf(link);
}

describe("a person signing in the browser", () => {
  it("sees the errors, corrects them, confirms by email and is counted", async () => {
    const context = await person(the.browser);
    const page = await context.newPage();
    await page.goto(`/petitions/${the.petition.id}`);
    const before = await countOn(page);
    await screenshot(page, "petition");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign this petition" }).click();
    await expect.poll(() => page.url()).toContain(`/petitions/${the.petition.id}/signatures/new`);
    await expectAccessible(page);

    // Wrong first: nothing filled in.
    await page.getByRole("button", { name: "Continue" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^Error:/);
    await expect.poll(async () => (await focused(page)).text).toMatch(/^There is a problem/);
    const links = await summary.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(expect.arrayContaining(["#name", "#email", "#uk_citizenship"]));
    await screenshot(page, "sign-errors");
    await expectAccessible(page);
    await summary.locator('a[href="#email"]').click();
    await expect.poll(async () => (await focused(page)).id).toBe("email");

    // Then right.
    const email = uniqueEmail("browser");
    await page.getByLabel("Full name").fill("Brenda Browser");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("UK postcode").fill("sw1a1aa");
    await page.getByLabel("I am a British citizen or UK resident").check();
    await screenshot(page, "sign");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => textOf(page.locator("h1").first())).toBe("Check your email");
    expect(await page.content()).toContain(email);
    await expectAccessible(page);

    await confirmFromMailbox(page, email);
    await expectAccessible(page);

    await drain();
    // The page may be served from the browser's cache (max-age=10); a reload revalidates it.
    await page.goto(`/petitions/${the.petition.id}`);
    await page.reload();
    expect(await countOn(page)).toBe(before + 1);
    await context.close();
  });

  it("works with JavaScript turned off", async () => {
    const context = await person(the.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`/petitions/${the.petition.id}/signatures/new`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").isVisible()).toBe(true);
    const email = uniqueEmail("nojs");
    await page.getByLabel("Full name").fill("Nora NoScript");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("UK postcode").fill("M1 1AE");
    await page.getByLabel("I am a British citizen or UK resident").check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => textOf(page.locator("h1").first())).toBe("Check your email");
    await confirmFromMailbox(page, email);
    await context.close();
  });

  it("works with the keyboard alone", async () => {
    const context = await person(the.browser);
    const page = await context.newPage();
    await page.goto(`/petitions/${the.petition.id}`);
    // Tab from the top of the page to the sign button and press Enter.
    await tabTo(page, (el) => el.text.startsWith("Sign this petition"));
    await page.keyboard.press("Enter");
    await expect.poll(() => page.url()).toContain("/signatures/new");
    const email = uniqueEmail("keys");
    await tabTo(page, (el) => el.id === "name");
    await page.keyboard.type("Kim Keyboard");
    await page.keyboard.press("Tab");
    await page.keyboard.type(email);
    await page.keyboard.press("Tab"); // location: United Kingdom is already chosen
    await page.keyboard.press("Tab");
    await page.keyboard.type("LS1 1UR");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space"); // citizenship
    await page.keyboard.press("Tab"); // email updates: left unticked
    await page.keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Continue");
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page.locator("h1").first())).toBe("Check your email");
    await confirmFromMailbox(page, email);
    await context.close();
  });
});
