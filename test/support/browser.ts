/**
 * A real browser for the e2e tests: Debian's Chromium driven by playwright-core (which never
 * downloads a browser), headless, with a fresh profile per launch, and axe-core's WCAG 2.2 AA
 * rules run on a page.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { baseUrl, staffToken } from "./api.ts";
import { findChromium } from "./chromium.ts";
import { openPetition, type StartedPetition } from "./flows.ts";

export const SCREENSHOTS = resolve(import.meta.dirname, "../../test-output/screenshots");

/** Playwright gives every launch a new temporary profile (user-data-dir) and removes it on close. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A browser and an open petition for the tests of one file: both ready before its first test,
 * the browser closed after its last. Tests read them as `the.browser` and `the.petition`.
 */
export function aBrowserAndAnOpenPetition(): { browser: Browser; petition: StartedPetition } {
  const the = {} as { browser: Browser; petition: StartedPetition };
  beforeAll(async () => {
    [the.browser, the.petition] = await Promise.all([launchBrowser(), openPetition()]);
  });
  afterAll(async () => {
    await the.browser?.close();
  });
  return the;
}

/**
 * One person: their own cookies. Every browser person connects from 127.0.0.1 (the edge ignores
 * any address a client sends), so the browser tests' engine has roomy per-address limits
 * (BROWSER_SETTINGS in global-setup.ts).
 */
export function person(
  browser: Browser,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 1024, height: 768 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
}

/** Signs a moderator in on the staff sign-in page with a local token, as `sub`; ends on the queues. */
export async function signInAsModerator(page: Page, sub: string): Promise<void> {
  await page.goto("/staff/sign-in");
  await page.getByLabel("Staff token").fill(await staffToken("moderator", sub));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => textOf(page.locator("h1").first())).toBe("In moderation");
}

const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe-core finds no WCAG 2.2 AA violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const violations = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")}`,
  );
  expect(violations, `axe on ${page.url()}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The focused element's id and text (strings are evaluated in the page, which has a DOM). */
export async function focused(page: Page): Promise<{ id: string; text: string }> {
  return page.evaluate(
    "({ id: document.activeElement?.id ?? '', text: (document.activeElement?.textContent ?? '').trim() })",
  );
}

/** Presses Tab until the focused element matches, as a keyboard user would. */
export async function tabTo(page: Page, match: (el: { id: string; text: string }) => boolean, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (match(await focused(page))) return;
  }
  throw new Error("Tab never reached the element");
}

/** An element's text as a person reads it: whitespace folded, ends trimmed. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}
