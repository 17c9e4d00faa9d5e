/**
 * Server-rendered pages: nunjucks with autoescape on, GOV.UK Frontend's components, and this
 * service's own neutral layout (no crown, no GOV.UK font). Views are found beside this module
 * in development and beside the bundle on Lambda.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import nunjucks from "nunjucks";
import { markdownToHtml } from "../domain/markdown.ts";
import { longDate, paragraphsOf, readableDate, readableTime, stateInWords } from "../domain/readable.ts";
import { escapeHtml } from "../html.ts";
import { type HttpResult, html } from "../http/responses.ts";

const here = dirname(fileURLToPath(import.meta.url));

function firstExisting(candidates: string[], what: string): string {
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`Cannot find ${what} in ${candidates.join(", ")}`);
  return found;
}

const viewsDir = firstExisting([resolve(here, "views"), resolve(here, "shared/web/views")], "the page views");
const govukDir = firstExisting(
  [
    resolve(here, "govuk-frontend/dist"),
    resolve(here, "../../node_modules/govuk-frontend/dist"),
    resolve(here, "node_modules/govuk-frontend/dist"),
  ],
  "govuk-frontend's templates",
);

const env = nunjucks.configure([viewsDir, govukDir], {
  autoescape: true,
  throwOnUndefined: false,
  noCache: false,
});
env.addFilter("number", (value: unknown) =>
  typeof value === "number" ? value.toLocaleString("en-GB") : String(value ?? ""),
);
/** A time or a `YYYY-MM-DD` date as people read it: 21 April 2027 (the London day). */
env.addFilter("day", readableDate);
/** A day as e-petitions writes a response's date: Thursday 22nd January 2026. */
env.addFilter("longDay", longDate);
/** Staff's markdown (a safe subset, every character escaped first): shared/domain/markdown.ts. */
env.addFilter(
  "markdown",
  (value: unknown) => new nunjucks.runtime.SafeString(typeof value === "string" ? markdownToHtml(value) : ""),
);
/** A time as people read it: 21 April 2027, 14:05 (London). */
env.addFilter("time", readableTime);
/** A petition's state in words: "Open for signatures", never `open`. */
env.addFilter("stateWords", stateInWords);
/** Someone's text as paragraphs where they left blank lines, each escaped: never their markup. */
env.addFilter(
  "paragraphs",
  (value: unknown, classes = "govuk-body") =>
    new nunjucks.runtime.SafeString(
      paragraphsOf(value)
        .map((p) => `<p class="${escapeHtml(String(classes))}">${escapeHtml(p)}</p>`)
        .join("\n"),
    ),
);

export interface PageContext {
  serviceName: string;
  publicUrl: string;
  [key: string]: unknown;
}

export function renderPage(
  view: string,
  context: PageContext,
  status = 200,
  headers: Record<string, string> = {},
): HttpResult {
  return html(status, env.render(view, context), { "cache-control": "no-store", ...headers });
}

export const renderString = (view: string, context: PageContext) => env.render(view, context);
