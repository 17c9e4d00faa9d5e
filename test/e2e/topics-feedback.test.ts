/**
 * The feedback form, its thanks page, the list filtered by topic and a petition page naming its
 * departments, in a real browser: each passes axe's WCAG 2.2 AA rules, and the form works by
 * keyboard-free clicks as a person uses it.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, drain, get, post, staffToken } from "../support/api.ts";
import { aBrowserAndAnOpenPetition, expectAccessible, person, textOf } from "../support/browser.ts";

const the = aBrowserAndAnOpenPetition();

describe("feedback in the browser", () => {
  it("shows its errors, then thanks the sender once sent", async () => {
    const context = await person(the.browser);
    const page = await context.newPage();
    await page.goto("/feedback");
    expect(await textOf(page.locator("h1"))).toBe("Feedback");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Send feedback" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await textOf(page.locator(".govuk-error-summary"))).toContain("Enter your comments");
    await expectAccessible(page);
    await page.getByLabel("Comments").fill(`The lists are easy to read ${randomUUID().slice(0, 8)}`);
    await page.getByRole("button", { name: "Send feedback" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/feedback/thanks");
    expect(await textOf(page.locator("h1"))).toBe("Your feedback has been sent");
    await expectAccessible(page);
    await context.close();
  });
});

describe("topics and departments in the browser", () => {
  it("lists a topic's petitions with the topic named, and shows a petition's departments", async () => {
    const topic = { code: `e2e-${randomUUID().slice(0, 8)}`, name: `Libraries ${randomUUID().slice(0, 4)}` };
    expect((await post("/admin/topics", topic, { token: await staffToken("sysadmin") })).status).toBe(201);
    const tagged = await call("PUT", `/admin/petitions/${the.petition.id}/classification`, {
      body: { topics: [topic.code], departments: ["department-for-culture-media-and-sport"] },
      token: await staffToken("moderator"),
    });
    expect(tagged.status).toBe(200);
    await expect
      .poll(async () => {
        await drain();
        return (await get<{ data: unknown[] }>(`/petitions.json?topic=${topic.code}`)).body.data.length;
      })
      .toBe(1);

    const context = await person(the.browser);
    const page = await context.newPage();
    await page.goto(`/petitions?topic=${topic.code}`);
    expect(await textOf(page.locator("#topic-caption"))).toBe(`Topic: ${topic.name}`);
    expect(await page.locator(`a[href="/petitions/${the.petition.id}"]`).count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.goto(`/petitions/${the.petition.id}`);
    expect(await textOf(page.locator("#departments"))).toContain("Department for Culture, Media and Sport");
    await expectAccessible(page);
    await context.close();
  });
});
