/**
 * Petitions close in words, in the browser: a petition's page lists open ones like it, the start
 * flow shows open petitions like the action typed, and a "No" to the citizenship question ends
 * the flow; each page passes axe.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drain } from "../support/api.ts";
import { expectAccessible, launchBrowser, person, screenshot, textOf } from "../support/browser.ts";
import { openPetition } from "../support/flows.ts";

let browser: Browser;
const nonce = `kb${Date.now().toString(36)}`;
const first = `Restore night trains ${nonce} to the far north`;
const second = `Restore night trains ${nonce} to the south west`;
let ids: number[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
  ids = [(await openPetition({ action: first })).id, (await openPetition({ action: second })).id];
  await drain();
});
afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page) => textOf(page.locator("h1, label.govuk-label--l").first());

/** A new person on the start flow, having answered the citizenship question. */
async function answeredCitizenship(answer: "Yes" | "No"): Promise<Page> {
  const page = await (await person(browser)).newPage();
  await page.goto("/petitions/new");
  await page.getByLabel(answer, { exact: true }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  return page;
}

describe("similar petitions in the browser", () => {
  it("lists open petitions like this one on its page", async () => {
    const context = await person(browser);
    const page = await context.newPage();
    await page.goto(`/petitions/${ids[0]}`);
    await expect.poll(() => heading(page)).toBe(first);
    const related = page.getByRole("list", { name: "You may be interested in these active petitions" });
    expect(await related.getByRole("link", { name: second }).count()).toBe(1);
    expect(await related.getByRole("link", { name: first }).count()).toBe(0);
    await expectAccessible(page);
    await context.close();
  });

  it("shows open petitions like the action typed when starting one", async () => {
    const page = await answeredCitizenship("Yes");
    await page.getByLabel("What do you want us to do?").fill(`Restore the night trains ${nonce}`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => heading(page)).toBe("We found similar petitions to yours");
    expect(await page.getByRole("link", { name: first }).count()).toBe(1);
    expect(await page.getByRole("link", { name: second }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, "start-similar-petitions");
    await page.getByRole("button", { name: "Continue with my petition" }).click();
    await expect.poll(() => heading(page)).toBe("Why do you want us to do it?");
    await page.context().close();
  });

  it("ends the start flow for someone who is not a British citizen or UK resident", async () => {
    const page = await answeredCitizenship("No");
    await expect.poll(() => textOf(page.locator("h1").first())).toBe("Sorry, you can’t create a petition");
    await expectAccessible(page);
    await page.context().close();
  });
});
