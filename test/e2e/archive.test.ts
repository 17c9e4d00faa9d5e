/**
 * The parliament's end in a real browser: after a dissolution the home page shows the dissolved
 * heading and message, the archived petition and the archive's list are pages of their own,
 * and each passes axe's WCAG 2.2 AA rules. The new parliament is opened again afterwards, so
 * the browser tests after this one start petitions as before.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, runSchedule, staffToken } from "../support/api.ts";
import { expectAccessible, launchBrowser, person, textOf } from "../support/browser.ts";
import { openPetition } from "../support/flows.ts";

let browser: Browser;
let sysadmin: string;
beforeAll(async () => {
  browser = await launchBrowser();
  sysadmin = await staffToken("sysadmin", "sysadmin-archive-e2e");
});
afterAll(async () => {
  await call("PUT", "/admin/parliament", {
    body: { opening_at: new Date().toISOString() },
    token: sysadmin,
  });
  await browser?.close();
});

describe("the archive and the dissolved notice", () => {
  it("are accessible pages: the home page's notice, the archived petition and the archive's list", async () => {
    const petition = await openPetition({ action: "Plant a tree for every child born this year" });
    const at = new Date(Date.now() - 1000);
    const set = await call("PUT", "/admin/parliament", {
      token: sysadmin,
      body: {
        government: "A coalition",
        dissolution_at: at.toISOString(),
        dissolution_heading: "Parliament is dissolving",
        dissolution_message: "All petitions will close",
        dissolved_heading: "Parliament has been dissolved",
        dissolved_message: "Petitions will open again after the election",
        registration_closed_at: at.toISOString(),
      },
    });
    expect(set.status).toBe(200);
    await runSchedule("ClosePetitions");

    const context = await person(browser);
    const page = await context.newPage();
    await page.goto("/");
    const banner = page.locator(".govuk-notification-banner").first();
    await expect.poll(() => textOf(banner)).toContain("Parliament has been dissolved");
    expect(await textOf(banner)).toContain("Petitions will open again after the election");
    await expectAccessible(page);

    // The old address leads to the archived page.
    await page.goto(`/petitions/${petition.id}`);
    await expect.poll(() => page.url()).toMatch(new RegExp(`/archived/petitions/${petition.id}$`));
    expect(await textOf(page.locator("h1").first())).toBe("Plant a tree for every child born this year");
    expect(await textOf(page.locator("#archived-parliament"))).toContain(
      "This petition was submitted during",
    );
    await expectAccessible(page);

    await page.getByRole("link", { name: "View other petitions from this Parliament" }).click();
    await expect.poll(() => textOf(page.locator("h1").first())).toBe("Archived petitions: All petitions");
    const link = page.locator(`a[href="/archived/petitions/${petition.id}"]`);
    expect(await link.count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Closed petitions" }).click();
    await expect.poll(() => page.url()).toContain("state=closed");
    await expectAccessible(page);
    await context.close();
  });
});
