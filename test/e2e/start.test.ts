/**
 * A person starts a petition in the browser, five supporters sign through the creator's link
 * and confirm by email, a moderator signs in with a staff token and publishes it, and it
 * appears on the list of open petitions.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drain, linkIn, onlyMail, pathOf, staffToken, uniqueEmail } from "../support/api.ts";
import { expectAccessible, launchBrowser, person, screenshot, textOf } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page) => textOf(page.locator("h1, label.govuk-label--l").first());
const next = (page: Page) => page.getByRole("button", { name: /Continue|Submit your petition/ }).click();

/** A signer's fields; a creator answered the citizenship question first, on its own page. */
async function fillSigner(page: Page, name: string, email: string, postcode: string, citizenship = true) {
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("UK postcode").fill(postcode);
  if (citizenship) await page.getByLabel("I am a British citizen or UK resident").check();
}

describe("starting a petition in the browser", () => {
  it("goes from the first question to publication and the public list", async () => {
    const action = `Plant a tree for every child born ${Date.now()}`;
    const creator = await person(browser);
    const page = await creator.newPage();
    await page.goto("/");
    await screenshot(page, "home");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Start a petition" }).click();

    // Citizenship first, as petition.parliament.uk asks: an error first, then an answer.
    await expect.poll(() => heading(page)).toBe("Are you a British citizen or UK resident?");
    await next(page);
    await expect.poll(() => page.locator(".govuk-error-summary").isVisible()).toBe(true);
    await expectAccessible(page);
    await page.getByLabel("Yes", { exact: true }).check();
    await next(page);

    // Action: an error first, then an answer.
    await expect.poll(() => heading(page)).toBe("What do you want us to do?");
    await next(page);
    await expect.poll(() => page.locator(".govuk-error-summary").isVisible()).toBe(true);
    await expectAccessible(page);
    await page.getByLabel("What do you want us to do?").fill(action);
    await next(page);
    // Open petitions like it, or none.
    await expect.poll(() => heading(page)).toMatch(/We (checked for|found) similar petitions/);
    await expectAccessible(page);
    await next(page);
    await expect.poll(() => heading(page)).toBe("Why do you want us to do it?");
    await expectAccessible(page);
    await page.getByLabel("Why do you want us to do it?").fill("Trees clean the air and give shade.");
    await next(page);
    await expect.poll(() => heading(page)).toBe("Do you want to add more details?");
    await expectAccessible(page);
    await next(page);
    await expect.poll(() => heading(page)).toBe("Your details");
    await expectAccessible(page);
    const creatorEmail = uniqueEmail("creator");
    await fillSigner(page, "Cara Creator", creatorEmail, "SW1A 1AA", false);
    await next(page);
    await expect.poll(() => heading(page)).toBe("Check your petition");
    await expectAccessible(page);
    expect(await textOf(page.locator(".govuk-summary-list"))).toContain(action);
    await next(page);
    await expect.poll(() => heading(page)).toBe("Check your email");

    // The creator confirms and gets the supporters' link.
    const confirm = await onlyMail(creatorEmail, /Confirm your email address to start your petition/);
    await page.goto(pathOf(linkIn(confirm, /\/verify\?token=/)));
    await expectAccessible(page);
    const gather = await onlyMail(creatorEmail, /Get supporters for/);
    const sponsorPath = pathOf(linkIn(gather, /\/sponsors\/new\?token=/));
    const id = Number(sponsorPath.match(/\/petitions\/(\d+)\//)?.[1]);

    // Its address shows that it is gathering support, and how much.
    await page.goto(`/petitions/${id}`);
    await expect.poll(() => textOf(page.locator("h1").first())).toBe("This petition is gathering support");
    expect(await textOf(page.locator("main"))).toContain("needs 5 more supporters");
    await expectAccessible(page);
    await screenshot(page, "gathering-support");

    // Five supporters, each in their own browser session, each confirming by email.
    for (let i = 0; i < 5; i++) {
      const supporter = await person(browser, { javaScriptEnabled: i % 2 === 0 });
      const p = await supporter.newPage();
      await p.goto(sponsorPath);
      if (i === 0) await expectAccessible(p);
      const email = uniqueEmail(`supporter${i}`);
      await fillSigner(p, `Supporter ${i}`, email, "M1 1AE");
      await p.getByRole("button", { name: "Continue" }).click();
      await expect.poll(() => textOf(p.locator("h1").first())).toBe("Check your email");
      const mail = await onlyMail(email, /Sign to support/);
      await p.goto(pathOf(linkIn(mail, /\/verify\?token=/)));
      await expect.poll(() => textOf(p.locator("h1").first())).toMatch(/support has been added/i);
      await supporter.close();
    }
    await drain();

    // Now it is being checked.
    await page.goto(`/petitions/${id}`);
    await expect.poll(() => textOf(page.locator("h1").first())).toBe("We’re checking this petition");
    expect(await textOf(page.locator("main"))).toContain("5 people have already supported this petition");
    await expectAccessible(page);

    // A moderator signs in with a token and publishes it.
    const staff = await person(browser);
    const s = await staff.newPage();
    await s.goto("/staff");
    await expect.poll(() => s.url()).toContain("/staff/sign-in");
    await expectAccessible(s);
    await s.getByLabel("Staff token").fill("not-a-token");
    await s.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => s.locator(".govuk-error-summary").isVisible()).toBe(true);
    await s.getByLabel("Staff token").fill(await staffToken("moderator"));
    await s.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => textOf(s.locator("h1").first())).toBe("In moderation");
    await expectAccessible(s);
    await s.getByRole("link", { name: action }).click();
    await expect.poll(() => textOf(s.locator("h1").first())).toBe(action);
    await expectAccessible(s);
    await s.getByLabel("Publish it", { exact: true }).check();
    await screenshot(s, "moderation");
    await s.getByRole("button", { name: "Save and email" }).click();
    await expect
      .poll(() => textOf(s.locator(".govuk-notification-banner")))
      .toMatch(/now: Open for signatures/);
    await expectAccessible(s);

    // It is on the public list of open petitions.
    await page.goto("/petitions?state=open");
    await page.reload();
    expect(await page.getByRole("link", { name: action }).count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole("link", { name: action }).click();
    await expect.poll(() => textOf(page.locator("h1").first())).toBe(action);
    expect(page.url()).toContain(`/petitions/${id}`);
    await Promise.all([creator.close(), staff.close()]);
  });
});
