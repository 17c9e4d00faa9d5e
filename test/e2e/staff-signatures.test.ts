/**
 * The sysadmins' signature pages in the browser: search a petition's signatures by email
 * domain, choose one and invalidate it, see the access log name the search, and see a
 * petition's trending sources. Each page passes axe; a moderator is refused.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { drain, post, signer, staffToken } from "../support/api.ts";
import { aBrowserAndAnOpenPetition, expectAccessible, person, textOf } from "../support/browser.ts";
import { signAndConfirm } from "../support/flows.ts";

const the = aBrowserAndAnOpenPetition();

const h1 = (page: Page) => textOf(page.locator("h1").first());

async function signIn(page: Page, role: "moderator" | "sysadmin", sub: string) {
  await page.goto("/staff/sign-in");
  await page.getByLabel("Staff token").fill(await staffToken(role, sub));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => h1(page)).toBe("In moderation");
}

describe("the sysadmins' signature pages", () => {
  it("search, invalidate a chosen signature, and show the access log and trending sources", async () => {
    const petition = the.petition;
    await signAndConfirm(petition.id, 2);
    const domain = `pages-${Date.now()}.example`;
    expect(
      (
        await post(
          `/petitions/${petition.id}/signatures`,
          signer({ email: `chosen@${domain}`, name: "Chosen One" }),
        )
      ).status,
    ).toBe(202);
    await drain();

    const staff = await person(the.browser);
    const page = await staff.newPage();
    await signIn(page, "sysadmin", "e2e-sysadmin");
    await page.goto("/staff/signatures");
    await expectAccessible(page);
    await page.getByLabel("Petition number").fill(String(petition.id));
    await page.getByLabel("Search by").selectOption("domain");
    await page.getByLabel("Search for").fill(domain);
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => textOf(page.locator("h2").first())).toBe("1 signature");
    expect(await textOf(page.locator("#signatures"))).toContain(`chosen@${domain}`);
    await expectAccessible(page);

    await page.getByLabel("Choose the signature of Chosen One").check();
    await page.getByLabel("With the chosen signatures").selectOption("invalidate");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect
      .poll(() => textOf(page.locator(".govuk-notification-banner")))
      .toContain("invalidate: 1 of 1 changed");
    expect(await textOf(page.locator("#signatures"))).toContain("invalidated");

    await page.goto("/staff/access-log");
    await expectAccessible(page);
    const log = await textOf(page.locator("table"));
    expect(log).toContain("e2e-sysadmin");
    expect(log).toContain(`domain: ${domain}`);
    expect(log).toContain("invalidate");

    await page.goto(`/staff/petitions/${petition.id}/trending`);
    await expect.poll(() => h1(page)).toBe("Trending sources");
    await expectAccessible(page);
    await staff.close();
  });

  it("refuse a moderator", async () => {
    const staff = await person(the.browser);
    const page = await staff.newPage();
    await signIn(page, "moderator", "e2e-moderator-signatures");
    const answer = await page.goto("/staff/signatures");
    expect(answer?.status()).toBe(403);
    await staff.close();
  });
});
