/**
 * The pages as people read them, in the browser: dates written "6 June 2027" on a petition's
 * page, in its emails and on the staff pages; paragraphs kept; the constituency table folded
 * behind a summary; Northern Ireland's seats marked as having no constituency data; the data
 * links; the signed page naming where a signature counts; search results counted; "Change"
 * on the check page returning to it; a past debate date refused; and the staff pages fitting
 * a 390-pixel phone.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseUrl,
  call,
  drain,
  get,
  linkIn,
  onlyMail,
  pathOf,
  staffToken,
  uniqueEmail,
} from "../support/api.ts";
import { expectAccessible, launchBrowser, person, screenshot, textOf } from "../support/browser.ts";
import { openPetition, signAndConfirm } from "../support/flows.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
const READABLE_DATE =
  /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;
const h1 = (page: Page) => textOf(page.locator("h1, label.govuk-label--l").first());
const mainText = (page: Page) => textOf(page.locator("main"));

function phone(b: Browser): Promise<BrowserContext> {
  return b.newContext({
    baseURL: baseUrl(),
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
}

/** No part of the page reaches past the screen's edge. */
const scrollsSideways = (page: Page) =>
  page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth");

/** Signs in the browser with a postcode and confirms from the mailbox; the "check your email" text. */
async function signInBrowser(page: Page, id: number, postcode: string): Promise<string> {
  const email = uniqueEmail("reader");
  await page.goto(`/petitions/${id}/signatures/new`);
  await page.getByLabel("Full name").fill("Rita Reader");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("UK postcode").fill(postcode);
  await page.getByLabel("I am a British citizen or UK resident").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect.poll(() => h1(page)).toBe("Check your email");
  const said = await textOf(page.locator("#counted-in"));
  await drain();
  const mail = await onlyMail(email, /confirm your email/i);
  await page.goto(pathOf(linkIn(mail, /\/verify\?token=/)));
  expect(await mainText(page)).toContain("The count will include yours shortly");
  return said;
}

describe("a petition's page as people read it", () => {
  it("writes dates in words, keeps paragraphs, folds the constituency table and marks Northern Ireland", async () => {
    const action = `Keep village post offices open ${Date.now()}`;
    const petition = await openPetition({
      action,
      background: "Post offices are closing.\n\nVillages lose their bank, their parcels and their pensions.",
      additional_details: "First detail.\n\nSecond detail <b>not bold</b>.",
    });
    await signAndConfirm(petition.id, 2);
    const visitor = await person(browser);
    const page = await visitor.newPage();

    // Signed in the browser: the page says the count updates shortly and where it counts.
    const inLondon = await signInBrowser(page, petition.id, "SW1A 1AA");
    expect(inLondon).toMatch(/update shortly/);
    expect(inLondon).toContain("Your signature will count for Cities of London and Westminster");
    await expectAccessible(page);
    await screenshot(page, "signed-check-email");
    const inBelfast = await signInBrowser(page, petition.id, "BT7 1NN");
    expect(inBelfast).toContain("no constituency data for Northern Ireland");
    await drain();

    await page.goto(`/petitions/${petition.id}`);
    await expect.poll(() => h1(page)).toBe(action);
    const text = await mainText(page);
    expect(text).not.toMatch(ISO_DATE);
    expect(text).toMatch(new RegExp(`Deadline: ${READABLE_DATE.source}`));
    // The chart's summary and axis read as dates too.
    expect(await textOf(page.locator("#chart-summary"))).toMatch(READABLE_DATE);
    expect(await page.locator("svg.app-chart text").allTextContents()).not.toContainEqual(
      expect.stringMatching(ISO_DATE),
    );

    // Paragraphs: two for the background, two in the details, markup shown as text.
    expect(await page.locator(".app-petition-background p").allTextContents()).toEqual([
      "Post offices are closing.",
      "Villages lose their bank, their parcels and their pensions.",
    ]);
    await page.getByText("More details").click();
    const details = page.locator(".govuk-details").filter({ hasText: "First detail." });
    expect(await details.locator("p").allTextContents()).toEqual([
      "First detail.",
      "Second detail <b>not bold</b>.",
    ]);
    expect(await details.locator("b").count()).toBe(0);

    // The constituency table is folded away until asked for.
    const folded = page.locator("details.app-constituency-details");
    expect(await textOf(folded.locator("summary"))).toBe("Show signatures in the 1 constituency");
    expect(await folded.getAttribute("open")).toBeNull();
    const table = folded.locator("table");
    expect(await table.isVisible()).toBe(false);
    await folded.locator("summary").click();
    await expect.poll(() => table.isVisible()).toBe(true);
    expect(await textOf(table)).toContain("Cities of London and Westminster");

    // Northern Ireland: said in words, its seats marked on the map, its signature in the region table.
    expect(await textOf(page.locator("#northern-ireland-note"))).toContain(
      "There is no constituency data for Northern Ireland",
    );
    expect(await textOf(page.locator("#northern-ireland-note"))).toContain("(1)");
    const niSeats = page.locator(
      'svg.app-hexmap path[aria-label$="no constituency data for Northern Ireland"]',
    );
    expect(await niSeats.count()).toBe(18);
    const regions = page.locator("table").filter({ hasText: "Region or nation" });
    expect(await textOf(regions.locator("tr").filter({ hasText: "Northern Ireland" }))).toContain("1");

    // The data link answers with this petition's JSON.
    const data = page.getByRole("link", { name: /Get this petition's data/ });
    expect(await data.getAttribute("href")).toBe(`/petitions/${petition.id}.json`);
    const json = await get<{ data: { id: number } }>(`/petitions/${petition.id}.json`);
    expect(json.body.data.id).toBe(petition.id);
    await expectAccessible(page);
    await screenshot(page, "petition-readable");

    // The creator's "published" email gives the closing date in words.
    const published = await onlyMail(petition.creatorEmail, /We published your petition/);
    expect(published.text).toMatch(new RegExp(`open for signatures until ${READABLE_DATE.source}\\.`));
    expect(published.text).not.toMatch(ISO_DATE);
    await visitor.close();
  });

  it("counts search results, names the search in the title and links the filtered CSV", async () => {
    const word = `Quokka${Date.now()}`;
    await openPetition({ action: `Protect the ${word} habitat` });
    const visitor = await person(browser);
    const page = await visitor.newPage();
    await drain();
    // The search index follows the table's stream: look again until it has caught up.
    await expect
      .poll(async () => {
        await page.goto(`/petitions?state=open&q=${word}`);
        return textOf(page.locator("#result-count"));
      })
      .toBe(`1 petition matched “${word}”`);
    expect(await page.title()).toContain(`Search results for “${word}”`);
    expect(await page.locator('nav a[aria-current="page"]').allTextContents()).toEqual(["Open petitions"]);
    const csv = page.getByRole("link", { name: /Download these petitions as CSV/ });
    expect(await csv.getAttribute("href")).toBe(`/petitions.csv?state=open&q=${word}`);
    const download = await get(`/petitions.csv?state=open&q=${word}`);
    expect(download.text).toContain(`Protect the ${word} habitat`);
    await expectAccessible(page);
    await visitor.close();
  });
});

describe("starting a petition", () => {
  it("returns from Change straight to the check page, and speaks to the creator", async () => {
    const creator = await person(browser);
    const page = await creator.newPage();
    const next = () => page.getByRole("button", { name: /Continue|Save and return/ }).click();
    await page.goto("/petitions/new");
    await page.getByLabel("Yes", { exact: true }).check();
    await next();
    await page.getByLabel("What do you want us to do?").fill("Light the canal towpath");
    await next();
    await expect.poll(() => h1(page)).toMatch(/^We (checked for|found) similar petitions/);
    await next();
    await page.getByLabel("Why do you want us to do it?").fill("It is dark in winter.");
    await next();
    await next();
    await expect.poll(() => h1(page)).toBe("Your details");
    expect(await page.getByLabel(/Email me about this petition/).count()).toBe(0);
    expect(await mainText(page)).not.toMatch(/your signature/);
    await page.getByLabel("Full name").fill("Cara Creator");
    await page.getByLabel("Email address").fill(uniqueEmail("creator"));
    await page.getByLabel("UK postcode").fill("SW1A 1AA");
    await next();
    await expect.poll(() => h1(page)).toBe("Check your petition");

    await page.getByRole("button", { name: "Change what you want us to do" }).click();
    await expect.poll(() => h1(page)).toBe("What do you want us to do?");
    await page.getByLabel("What do you want us to do?").fill("Light the canal towpath at night");
    await page.getByRole("button", { name: "Save and return to check your petition" }).click();
    await expect.poll(() => h1(page)).toBe("Check your petition");
    expect(await textOf(page.locator(".govuk-summary-list"))).toContain("Light the canal towpath at night");
    await expectAccessible(page);

    // An error on the way back keeps the way back.
    await page.getByRole("button", { name: "Change why" }).click();
    await page.getByLabel("Why do you want us to do it?").fill("");
    await page.getByRole("button", { name: "Save and return to check your petition" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").isVisible()).toBe(true);
    await page.getByLabel("Why do you want us to do it?").fill("The path is unlit.");
    await page.getByRole("button", { name: "Save and return to check your petition" }).click();
    await expect.poll(() => h1(page)).toBe("Check your petition");
    await creator.close();
  });
});

describe("staff pages as moderators read them", () => {
  it("show states, dates and decisions in words, refuse a past debate date, keep saved values, and fit a phone", async () => {
    const action = `Repair the bandstand ${Date.now()}`;
    const petition = await openPetition({ action });
    const token = await staffToken("moderator", "staff-e2e-readable");

    // The JSON route refuses a past date, naming the field, and writes nothing.
    const refused = await call<{ errors: { field: string }[] }>(
      "PUT",
      `/admin/petitions/${petition.id}/debate`,
      {
        body: { scheduled_debate_date: "2020-01-31" },
        token,
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e) => e.field)).toEqual(["scheduled_debate_date"]);
    expect(
      (
        await get<{ data: { attributes: { scheduled_debate_date: string | null } } }>(
          `/petitions/${petition.id}.json`,
        )
      ).body.data.attributes.scheduled_debate_date,
    ).toBeNull();

    const staff = await phone(browser);
    const page = await staff.newPage();
    await page.goto("/staff/sign-in");
    await page.getByLabel("Staff token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => h1(page)).toBe("In moderation");
    expect(await scrollsSideways(page)).toBe(false);
    await page.goto("/staff?queue=open");
    expect(await textOf(page.locator("table"))).toContain("Open for signatures");
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page);
    await page.goto("/staff/reports/thresholds");
    expect(await scrollsSideways(page)).toBe(false);

    await page.goto(`/staff/petitions/${petition.id}`);
    await expect.poll(() => h1(page)).toBe(action);
    const row = (key: string) =>
      textOf(
        page
          .locator(".govuk-summary-list__row")
          .filter({ has: page.getByText(key, { exact: true }) })
          .locator(".govuk-summary-list__value"),
      );
    expect(await row("State")).toBe("Open for signatures");
    expect(await row("Created")).toMatch(new RegExp(`^${READABLE_DATE.source}, \\d{2}:\\d{2}$`));
    expect(await row("Closing date")).toMatch(new RegExp(`^${READABLE_DATE.source}$`));
    // Only the decision that applies to an open petition, in plain words.
    expect(await page.locator('input[name="decision"]').count()).toBe(1);
    expect(await textOf(page.locator('form[action$="/moderation"] .govuk-radios'))).toContain("Take it down");
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page);
    await screenshot(page, "staff-petition-phone");

    // A past debate date is refused on the form, with the field linked.
    const debate = page.locator('form[action$="/debate"]');
    await debate.getByLabel("A debate has been scheduled").check();
    await page.locator("#scheduled_debate_date-day").fill("31");
    await page.locator("#scheduled_debate_date-month").fill("1");
    await page.locator("#scheduled_debate_date-year").fill("2020");
    await debate.getByRole("button", { name: "Save the debate" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await textOf(summary)).toContain("The debate date must be today or in the future");
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#scheduled_debate_date-day");
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page);

    // A future date is saved; the page then shows it in words, and the form shows what is saved.
    const year = String(new Date().getUTCFullYear() + 1);
    await page.locator("#scheduled_debate_date-day").fill("6");
    await page.locator("#scheduled_debate_date-month").fill("6");
    await page.locator("#scheduled_debate_date-year").fill(year);
    await page.locator('form[action$="/debate"]').getByRole("button", { name: "Save the debate" }).click();
    await expect
      .poll(() => textOf(page.locator(".govuk-notification-banner")))
      .toContain("The debate has been saved");
    expect(await row("Debate")).toBe(`Debate scheduled (6 June ${year})`);
    expect(await page.getByLabel("A debate has been scheduled").isChecked()).toBe(true);
    expect(await page.locator("#scheduled_debate_date-day").inputValue()).toBe("6");
    expect(await page.locator("#scheduled_debate_date-year").inputValue()).toBe(year);
    await staff.close();

    // The public page and the signers' email read the date the same way.
    const visitor = await person(browser);
    const reader = await visitor.newPage();
    await reader.goto(`/petitions/${petition.id}`);
    expect(await mainText(reader)).toContain(`Parliament will debate this petition on 6 June ${year}.`);
    await visitor.close();
  });
});
