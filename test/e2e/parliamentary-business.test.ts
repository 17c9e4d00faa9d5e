/**
 * A revised government response, other parliamentary business and the committee's note, in the
 * browser: a moderator records each from the staff petition page (a missing reason first,
 * shown in the error summary), and the public petition page shows them, all checked with axe.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { call, staffToken } from "../support/api.ts";
import {
  aBrowserAndAnOpenPetition,
  expectAccessible,
  person,
  signInAsModerator,
  textOf,
} from "../support/browser.ts";

const the = aBrowserAndAnOpenPetition();
const h1 = (page: Page) => textOf(page.locator("h1").first());

async function fillDate(page: Page, name: string, [day, month, year]: [string, string, string]) {
  await page.locator(`#${name}-day`).fill(day);
  await page.locator(`#${name}-month`).fill(month);
  await page.locator(`#${name}-year`).fill(year);
}

describe("the Petitions Committee's work on a petition", () => {
  it("records a revised response, other business and a note that the petition page shows", async () => {
    const { petition } = the;
    const first = await call("PUT", `/admin/petitions/${petition.id}/government-response`, {
      token: await staffToken("moderator"),
      body: { responded_on: "2026-01-08", summary: "No plans to change the rules", details: "None." },
    });
    expect(first.status).toBe(200);

    const staff = await person(the.browser);
    const page = await staff.newPage();
    await signInAsModerator(page, "staff-e2e-business");
    await page.goto(`/staff/petitions/${petition.id}`);
    await expect.poll(() => textOf(page.locator(".govuk-caption-l").first())).toBe(`Petition ${petition.id}`);
    const action = await h1(page);
    await expectAccessible(page);

    // A revised response without the committee's reason: the error summary says so.
    const response = page.locator('form[action$="/government-response"]');
    await fillDate(page, "responded_on", ["22", "1", "2026"]);
    await page.locator("#response-summary").fill("The rules will be reviewed this year");
    await fillDate(page, "revision_requested_on", ["15", "1", "2026"]);
    await response.getByRole("button", { name: "Save the government response" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await textOf(summary)).toMatch(/both the date the Petitions Committee asked/);
    await expectAccessible(page);
    await page.locator("#response-revision_reason").fill("It did not address the request of the petition");
    await response.getByRole("button", { name: "Save the government response" }).click();
    const banner = page.locator(".govuk-notification-banner");
    await expect.poll(() => textOf(banner)).toMatch(/government response has been saved/);

    // Other business, then the committee's note.
    await page.locator("#business-subject").fill("The committee wrote to the minister");
    await page.locator("#business-body").fill("Read [the letter](https://committees.parliament.uk/letter).");
    await fillDate(page, "occurred_on", ["3", "2", "2026"]);
    await page.getByRole("button", { name: "Add the other parliamentary business" }).click();
    await expect.poll(() => textOf(banner)).toMatch(/other parliamentary business has been added/);
    await page.locator("#committee_note").fill("The committee asked for a revised response.");
    await page.getByRole("button", { name: "Save the committee note" }).click();
    await expect.poll(() => textOf(banner)).toMatch(/committee note has been saved/);
    await expectAccessible(page);

    const visitor = await person(the.browser);
    const view = await visitor.newPage();
    await view.goto(`/petitions/${petition.id}`);
    await expect.poll(() => h1(view)).toBe(action);
    const text = await textOf(view.locator("main"));
    expect(text).toContain("The committee asked for a revised response.");
    expect(text).toContain("This is a revised response.");
    expect(text).toContain("Thursday 22nd January 2026");
    expect(text).toContain("The government's original response");
    expect(text).toContain("Thursday 8th January 2026");
    expect(text).toContain("The committee wrote to the minister");
    expect(await view.getByRole("link", { name: "the letter" }).getAttribute("href")).toBe(
      "https://committees.parliament.uk/letter",
    );
    await expectAccessible(view);
  });
});
