/**
 * Bulk invalidation in the browser, as a sysadmin: the list and its form (an error summary when
 * no criterion is given), a new invalidation by domain on one petition, its preview, its start,
 * and its page once completed; each page passes axe. A moderator is refused the pages.
 */
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { staffToken } from "../support/api.ts";
import { expectAccessible, launchBrowser, person, textOf } from "../support/browser.ts";
import { openPetition, signAndConfirm } from "../support/flows.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  return () => browser?.close();
});

const h1 = (page: Page) => textOf(page.locator("h1").first());
const row = (page: Page, key: string) =>
  textOf(page.locator("#invalidation .govuk-summary-list__row", { hasText: key }).locator("dd").first());

async function signInAs(page: Page, role: "moderator" | "sysadmin", sub: string) {
  await page.goto("/staff/sign-in");
  await page.getByLabel("Staff token").fill(await staffToken(role, sub));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => h1(page)).toBe("In moderation");
}

describe("bulk invalidation pages", () => {
  it("create, preview, start and follow an invalidation by domain", async () => {
    const petition = await openPetition();
    await signAndConfirm(petition.id, 3);
    const staff = await person(browser);
    const page = await staff.newPage();
    await signInAs(page, "sysadmin", "staff-e2e-sysadmin");

    await page.goto("/staff/invalidations");
    await expect.poll(() => h1(page)).toBe("Invalidations");
    await expectAccessible(page);

    await page.getByLabel("Summary").fill("Signatures from one domain");
    await page.getByRole("button", { name: "Create the invalidation" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await textOf(summary)).toContain("Give at least one criterion");
    await expectAccessible(page);

    await page.getByLabel("Petition id").fill(String(petition.id));
    await page.getByLabel("Email domain").fill("example.com");
    await page.getByRole("button", { name: "Create the invalidation" }).click();
    await expect.poll(() => h1(page)).toBe("Signatures from one domain");
    expect(await row(page, "State")).toBe("Pending");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Count the matching signatures" }).click();
    await expect.poll(() => row(page, "Matching")).toMatch(/^\d+$/);
    const matching = await row(page, "Matching");
    expect(Number(matching)).toBeGreaterThanOrEqual(3);

    await page.getByRole("button", { name: "Start invalidating" }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          return row(page, "State");
        },
        { timeout: 30_000 },
      )
      .toBe("Completed");
    expect(await row(page, "Invalidated")).toBe(matching);
    await expectAccessible(page);

    const moderator = await (await person(browser)).newPage();
    await signInAs(moderator, "moderator", "staff-e2e-moderator-2");
    const refused = await moderator.goto("/staff/invalidations");
    expect(refused?.status()).toBe(403);
  });
});
