/**
 * The views a deployed function renders are precompiled at bundle time (infra/aws/views.ts) and
 * run on nunjucks' slim runtime; everywhere else they are compiled from source. Every view,
 * rendered both ways with the same context, must give the same page, escaped the same way.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundlingOptions } from "../../infra/aws/functions.ts";
import { precompileViews } from "../../infra/aws/views.ts";
import {
  type Environment,
  PRECOMPILED_SUFFIX,
  precompiledEnvironment,
  sourceEnvironment,
  VIEW_SOURCES,
} from "../../shared/web/environment.ts";

const VIEWS_DIR = VIEW_SOURCES[0] ?? "";

function viewsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".njk"))
    .map((file) => relative(VIEWS_DIR, join(dir, file)))
    .sort();
}

const hostile = `<script>alert("x")</script>`;
const petition = {
  id: 4242,
  action: `Plant more trees ${hostile}`,
  background: "Because trees.\n\nAnd shade.",
  additional_details: "More detail",
  state: "open",
  signature_count: 12_345,
  created_at: "2026-11-01T10:00:00.000Z",
  opened_at: "2026-11-02T10:00:00.000Z",
  closing_date: "2027-05-02",
  response_threshold_reached_at: "2026-11-20T10:00:00.000Z",
  government_response: { summary: "We agree", details: "**Yes**, in part.", responded_on: "2026-11-25" },
  debate_state: "pending",
  topics: [],
};

/** One context for every view: what the pages pass, filled in enough to take their main branches. */
const context = {
  serviceName: "Petitions",
  publicUrl: "https://petitions.example.org",
  banner: `Maintenance tonight ${hostile}`,
  csrf: "csrf-token",
  form: { name: `Ann ${hostile}`, email: "ann@example.org", postcode: "SW1A 1AA", location: "GB" },
  values: { action: `Plant more trees ${hostile}`, background: "Because trees.", uk_citizenship: true },
  step: "action",
  staff: { id: "moderator@example.org", roles: ["moderator"] },
  errors: {
    list: [{ text: "Enter your name", href: "#name" }],
    byField: { name: { text: "Enter your name" } },
  },
  petition,
  petitions: [petition],
  facets: [{ href: "/petitions?state=open", text: "Open", current: true }],
  locations: [{ code: "GB", name: "United Kingdom" }],
  message: `Something happened ${hostile}`,
  status: 404,
  title: "Page not found",
};

let dir: string;
let precompiled: Environment;
let source: Environment;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "petitions-views-test-"));
  precompileViews(dir, bundlingOptions.target);
  // On the runtime a deployed page has: nunjucks' slim build.
  const { default: slim } = await import("nunjucks/browser/nunjucks-slim.js");
  precompiled = precompiledEnvironment(dir, slim);
  source = sourceEnvironment();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The page, or the error's message when the view cannot render this context (naming templates
 * by name: the source's loader names them by path).
 */
function attempt(env: Environment, view: string): { html?: string; error?: string } {
  try {
    return { html: env.render(view, context) };
  } catch (error) {
    return {
      error: VIEW_SOURCES.reduce(
        (message, dir) => message.replaceAll(`${dir}/`, ""),
        (error as Error).message,
      ),
    };
  }
}

describe("precompiled views", () => {
  const views = viewsUnder(VIEWS_DIR);

  it("cover every view, and every GOV.UK Frontend template", () => {
    const compiled = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(PRECOMPILED_SUFFIX))
      .map((file) => file.slice(0, -PRECOMPILED_SUFFIX.length));
    expect(views.length).toBeGreaterThan(30);
    expect(compiled).toEqual(expect.arrayContaining(views));
    expect(compiled).toEqual(
      expect.arrayContaining(["govuk/template.njk", "govuk/components/button/macro.njk"]),
    );
  });

  // The partials (named _*) render only inside the views that import their macros; alone, both
  // ways fail alike.
  it.each(views)("render %s as the source does", (view) => {
    const fromSource = attempt(source, view);
    const fromPrecompiled = attempt(precompiled, view);
    expect(fromPrecompiled).toEqual(fromSource);
  });

  it("render every page whole, escaping what people typed", () => {
    const pages = views.filter((view) => !/(^|\/)_/.test(view) && view !== "layout.njk");
    for (const view of pages) {
      const { html, error } = attempt(precompiled, view);
      expect(error, view).toBeUndefined();
      expect(html, view).toContain('class="govuk-template');
      expect(html, view).not.toContain(hostile);
    }
    expect(attempt(precompiled, "petition.njk").html).toContain("Plant more trees &lt;script&gt;");
  });

  it("say a template is not found by its name", () => {
    expect(attempt(precompiled, "no-such-view.njk").error).toMatch(/template not found: no-such-view\.njk/);
  });
});
