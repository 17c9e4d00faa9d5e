/**
 * The moderators' tools in the browser: a moderator finds a petition awaiting moderation by its
 * words and by its id, saves a note and tags, edits its words (the creator's first words kept
 * and shown), sends the supporter link again, and publishes with "Save without emailing";
 * every page state passes axe.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, drain, getItem, mailTo, staffToken } from "../support/api.ts";
import {
  expectAccessible,
  launchBrowser,
  person,
  screenshot,
  signInAsModerator,
  textOf,
} from "../support/browser.ts";
import { gatherSponsors, startPetition } from "../support/flows.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const h1 = (page: Page) => textOf(page.locator("h1").first());
const banner = (page: Page) => textOf(page.locator(".govuk-notification-banner"));

describe("the moderators' tools on the staff pages", () => {
  it("search, note, tags, words, supporter link and a decision saved without emailing", async () => {
    const word = `kestrel${Date.now().toString(36)}`;
    const petition = await startPetition({ action: `Protect ${word} nesting sites` });
    await gatherSponsors(petition, 3);
    await drain();
    const sysadmin = await staffToken("sysadmin");
    expect(
      (await call("PUT", "/admin/tags", { token: sysadmin, body: { tags: ["Housing", "NHS"] } })).status,
    ).toBe(200);

    const staff = await person(browser);
    const page = await staff.newPage();
    await signInAsModerator(page, "staff-e2e-tools");

    // Search by words from the queues, then by id (which jumps to the petition).
    await page.goto("/staff");
    await page.getByLabel("Search by petition id or words").fill(word);
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => h1(page)).toBe("Search petitions");
    await expectAccessible(page);
    await page.getByRole("link", { name: `Protect ${word} nesting sites` }).click();
    await expect.poll(() => h1(page)).toBe(`Protect ${word} nesting sites`);
    await page.goto(`/staff/search?q=${petition.id}`);
    await expect.poll(() => h1(page)).toBe(`Protect ${word} nesting sites`);
    await expectAccessible(page);

    // The note and tags.
    await page.getByLabel("A note for other moderators (never public)").fill("Check the second paragraph");
    await page.getByRole("button", { name: "Save the note" }).click();
    await expect.poll(() => banner(page)).toMatch(/note has been saved/);
    await page.getByLabel("NHS").check();
    await page.getByRole("button", { name: "Save the tags" }).click();
    await expect.poll(() => banner(page)).toMatch(/tags have been saved/);
    expect(await page.getByLabel("NHS").isChecked()).toBe(true);
    await expectAccessible(page);

    // The words: an error first, then an edit; the creator's first words are shown.
    const texts = page.locator('form[action$="/texts"]');
    await texts.getByLabel("Action").fill("");
    await texts.getByRole("button", { name: "Save the words" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").isVisible()).toBe(true);
    await expectAccessible(page);
    await texts.getByLabel("Action").fill(`Protect ${word} nests`);
    await texts.getByRole("button", { name: "Save the words" }).click();
    await expect.poll(() => banner(page)).toMatch(/words have been saved/);
    await expect.poll(() => h1(page)).toBe(`Protect ${word} nests`);
    await page.getByText("What the creator first wrote").click();
    expect(await textOf(page.locator(".govuk-details__text"))).toContain(`Protect ${word} nesting sites`);
    await expectAccessible(page);
    await screenshot(page, "staff-moderation-tools");

    // The supporter link again.
    await page.getByRole("button", { name: "Email the creator the supporter link again" }).click();
    await expect.poll(() => banner(page)).toMatch(/supporter link again/);
    expect(await mailTo(petition.creatorEmail, /^Get supporters for/)).toHaveLength(2);

    // Publish, saved without emailing.
    await gatherSponsors(petition, 2);
    await drain();
    await expect
      .poll(async () => (await getItem(`PETITION#${petition.id}`, "PETITION"))?.state)
      .toBe("sponsored");
    await page.reload();
    await page.getByLabel("Publish it", { exact: true }).check();
    await page.getByRole("button", { name: "Save without emailing" }).click();
    await expect.poll(() => banner(page)).toMatch(/now: Open for signatures/);
    await expectAccessible(page);
    expect(await mailTo(petition.creatorEmail, /^We published your petition/)).toHaveLength(0);
  });
});
