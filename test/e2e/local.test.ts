/**
 * The local petitions pages in a browser: a person finds their constituency by postcode, reads
 * the petitions signed there and their MP, and every page on the way passes axe (WCAG 2.2 AA),
 * the search's error state and the signed page naming the MP included.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drain, linkIn, onlyMail, pathOf, post, signer, uniqueEmail } from "../support/api.ts";
import { expectAccessible, launchBrowser, person } from "../support/browser.ts";
import { petitionRecord, writePetition } from "../support/direct.ts";
import { openPetition } from "../support/flows.ts";

let browser: Browser;
const written = petitionRecord({ action: "Build a bridge to the mainland", signature_count: 7 });

beforeAll(async () => {
  browser = await launchBrowser();
  // Orkney and Shetland, where the postcode below is.
  written.by_constituency = { S14000051: 4 };
  await writePetition(written);
  await drain();
});
afterAll(async () => {
  await browser?.close();
});

describe("local petitions", () => {
  it("lead from a postcode to the constituency's petitions and MP, each page accessible", async () => {
    const context = await person(browser);
    const page = await context.newPage();
    await page.goto("/petitions/local");
    await expectAccessible(page);
    await page.getByLabel("Enter a full UK postcode").fill("zz");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    await expectAccessible(page);

    await page.getByLabel("Enter a full UK postcode").fill("kw15 1aa");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/petitions\/local\/orkney-and-shetland$/);
    expect(await page.locator("h1").textContent()).toContain("Orkney and Shetland");
    expect(await page.locator("#member").textContent()).toContain("Your member of parliament is");
    expect(await page.locator("#local-petitions").textContent()).toContain(written.action);
    await expectAccessible(page);

    await page.getByRole("link", { name: /View all popular petitions/ }).click();
    await page.waitForURL(/\/orkney-and-shetland\/all$/);
    expect(await page.locator("#local-petitions").textContent()).toContain(written.action);
    await expectAccessible(page);
    await context.close();
  });

  it("show the signer's constituency and MP on the signed page, accessibly", async () => {
    const petition = await openPetition({ action: "Keep the island ferries running" });
    const email = uniqueEmail("islander");
    expect(
      (await post(`/petitions/${petition.id}/signatures`, signer({ email, postcode: "KW15 1AA" }))).status,
    ).toBe(202);
    await drain();
    const mail = await onlyMail(email, /confirm/i);
    const context = await person(browser);
    const page = await context.newPage();
    await page.goto(pathOf(linkIn(mail, /\/verify\?token=/)));
    expect(await page.locator("#your-mp").textContent()).toContain("Orkney and Shetland");
    await expectAccessible(page);
    await context.close();
  });
});
