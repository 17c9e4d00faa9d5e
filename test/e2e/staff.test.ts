/**
 * Staff work after publication, in the browser: a moderator records the government's response
 * and emails the signers, follows the mail job to "done", is refused an invalid debate link
 * with an error summary, and finds the petition on the threshold report. The home page lists
 * trending petitions beside the popular ones.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drain, mailTo, runSchedule } from "../support/api.ts";
import {
  expectAccessible,
  launchBrowser,
  person,
  screenshot,
  signInAsModerator,
  textOf,
} from "../support/browser.ts";
import { openPetition, signAndConfirm } from "../support/flows.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const h1 = (page: Page) => textOf(page.locator("h1").first());

const signIn = (page: Page) => signInAsModerator(page, "staff-e2e-moderator");

describe("staff pages after publication", () => {
  it("record a response that emails signers, show the job, refuse a bad debate link, report crossings", async () => {
    // An open petition (creator and five supporters) with four more signers who asked for
    // updates: ten signatures, the test engine's response threshold.
    const action = `Plant more street trees ${Date.now()}`;
    const petition = await openPetition({ action });
    const subscribed = await signAndConfirm(petition.id, 4, { notify: true });
    await runSchedule("ProcessThresholds");
    await drain();

    const staff = await person(browser);
    const page = await staff.newPage();
    await signIn(page);
    await page.goto(`/staff/petitions/${petition.id}`);
    await expect.poll(() => h1(page)).toBe(action);
    await expectAccessible(page);

    // The response form: an error first, then a response with "email signers".
    const response = page.locator('form[action$="/government-response"]');
    await response.getByLabel("Summary").fill("");
    await response.getByRole("button", { name: "Save the government response" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await textOf(summary)).toContain("Enter a summary");
    await expectAccessible(page);
    await summary.getByRole("link", { name: "Enter a summary" }).click();
    await expect.poll(() => page.evaluate("document.activeElement?.id")).toBe("response-summary");
    await page.locator("#response-summary").fill("The government will fund more trees.");
    await page.locator("#response-details").fill("Funding of £2 million a year for three years.");
    await response.getByLabel("Email everyone who signed and asked for updates").check();
    await screenshot(page, "staff-government-response");
    await response.getByRole("button", { name: "Save the government response" }).click();
    const banner = page.locator(".govuk-notification-banner");
    await expect.poll(() => textOf(banner)).toMatch(/government response has been saved/);
    await expectAccessible(page);

    // The job page, refreshed until the job is done.
    await banner.getByRole("link", { name: /email job's progress/ }).click();
    await expect.poll(() => h1(page)).toBe("Emailing signers");
    await expectAccessible(page);
    const state = page.locator("#job .govuk-summary-list__row").filter({ hasText: "State" });
    for (let i = 0; i < 100 && !/Done/.test(await textOf(state)); i++) {
      await drain();
      await page.getByRole("link", { name: "Refresh this page" }).click();
    }
    expect(await textOf(state)).toContain("Done");
    const count = async (key: string) => {
      const row = page
        .locator("#job .govuk-summary-list__row")
        .filter({ has: page.locator(".govuk-summary-list__key").getByText(key, { exact: true }) });
      return Number((await textOf(row.locator(".govuk-summary-list__value"))).replace(/,/g, ""));
    };
    // Every subscribed signer and the creator (always subscribed).
    expect(await count("Total")).toBeGreaterThanOrEqual(subscribed.length + 1);
    expect(await count("Sent")).toBe(await count("Total"));
    expect(await count("Failed")).toBe(0);
    expect(await page.getByRole("button", { name: "Cancel this job" }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, "staff-job");
    for (const email of subscribed) {
      const mails = await mailTo(email, /Government responded to/);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.text).toContain("The government will fund more trees.");
    }
    expect(await mailTo(petition.creatorEmail, /Government responded to/)).toHaveLength(1);

    // The debate form refuses a link that is not https.
    await page.goto(`/staff/petitions/${petition.id}`);
    const debate = page.locator('form[action$="/debate"]');
    await debate.getByLabel("It has been debated: the outcome").check();
    await page.locator("#debate-overview").fill("MPs debated the petition.");
    await page.locator("#debate-transcript_url").fill("http://hansard.example/debate");
    await debate.getByRole("button", { name: "Save the debate" }).click();
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await textOf(summary)).toContain("Use a full https:// link");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#debate-transcript_url");
    expect(await page.locator("#debate-transcript_url").inputValue()).toBe("http://hansard.example/debate");
    await expectAccessible(page);
    // Without a choice, the form asks for one.
    await page.goto(`/staff/petitions/${petition.id}`);
    await page.locator('form[action$="/debate"]').getByRole("button", { name: "Save the debate" }).click();
    await expect.poll(() => textOf(summary)).toContain("Choose what to record");

    // The threshold report lists the petition that crossed, linked to its staff page.
    await page.getByRole("link", { name: "Threshold report" }).click();
    await expect.poll(() => h1(page)).toBe("Threshold report");
    const link = page.getByRole("link", { name: action });
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute("href")).toBe(`/staff/petitions/${petition.id}`);
    await expectAccessible(page);
    await screenshot(page, "staff-threshold-report");
    // An impossible date is refused with an error summary.
    await page.goto("/staff/reports/thresholds?since-day=31&since-month=2&since-year=2026");
    await expect.poll(() => textOf(summary)).toContain("The date must be a real date");
    await expectAccessible(page);
    await staff.close();
  });

  it("answer a signed-out visitor with the sign-in page", async () => {
    const visitor = await person(browser);
    const page = await visitor.newPage();
    await page.goto("/staff/reports/thresholds");
    await expect.poll(() => page.url()).toContain("/staff/sign-in");
    await page.goto("/staff/jobs/00000000-0000-4000-8000-000000000000");
    await expect.poll(() => page.url()).toContain("/staff/sign-in");
    await visitor.close();
  });

  it("show trending petitions on the home page", async () => {
    const petition = await openPetition();
    await signAndConfirm(petition.id, 3);
    const visitor = await person(browser);
    const page = await visitor.newPage();
    await page.goto("/");
    const trending = page.locator(".govuk-grid-column-one-half").filter({ has: page.locator("#trending") });
    await expect.poll(() => trending.locator("li").count()).toBeGreaterThan(0);
    expect(await trending.locator("li").count()).toBeLessThanOrEqual(3);
    expect(await textOf(trending)).toMatch(/signatures in the last hour/);
    await expectAccessible(page);
    await visitor.close();
  });
});
