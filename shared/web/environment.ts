/**
 * The nunjucks environment pages render in, built one of two ways from the same options and
 * filters:
 * - `precompiledEnvironment(dir)`: the templates precompiled at bundle time (infra/aws/views.ts),
 *   one CommonJS module per template in `dir`, each required the first time a page needs it.
 *   This is what a deployed function runs, where `nunjucks` is the package's slim runtime (no
 *   lexer, parser or compiler: `bundlingOptions.alias` in infra/aws/functions.ts).
 * - `sourceEnvironment(dirs)`: the full nunjucks, compiling the `.njk` files in `dirs` the first
 *   time each is rendered. Development, the local engine and the tests run this.
 * infra/aws/views.ts compiles with ENVIRONMENT_OPTIONS too, so both run the same compiled code.
 * Both are built synchronously: a module that renders is evaluated in one step, whatever imports
 * it first.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import nunjucks from "nunjucks";
import { markdownToHtml } from "../domain/markdown.ts";
import { longDate, paragraphsOf, readableDate, readableTime, stateInWords } from "../domain/readable.ts";
import { escapeHtml } from "../html.ts";

/** The nunjucks module: the full one, or in a deployed bundle the slim runtime. */
export type Nunjucks = typeof nunjucks;
export type Environment = nunjucks.Environment;

/** Autoescape on; an undefined value renders as nothing (the runtime reads both). */
export const ENVIRONMENT_OPTIONS = { autoescape: true, throwOnUndefined: false } as const;

/** A precompiled template's module, as infra/aws/views.ts names it: the template's name plus this. */
export const PRECOMPILED_SUFFIX = ".cjs";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Where the templates are, in the order a name is looked up (the first holding it wins): this
 * service's views, then GOV.UK Frontend's. In the source tree only: a bundle has its templates
 * precompiled beside it.
 */
export const VIEW_SOURCES: readonly string[] = [
  resolve(here, "views"),
  resolve(here, "../../node_modules/govuk-frontend/dist"),
];

/** The filters every view may use, each bound to the runtime in use (its SafeString). */
function withFilters(env: Environment, runtime: Nunjucks): Environment {
  const safe = (html: string) => new runtime.runtime.SafeString(html);
  env.addFilter("number", (value: unknown) =>
    typeof value === "number" ? value.toLocaleString("en-GB") : String(value ?? ""),
  );
  /** A time or a `YYYY-MM-DD` date as people read it: 21 April 2027 (the London day). */
  env.addFilter("day", readableDate);
  /** A day as e-petitions writes a response's date: Thursday 22nd January 2026. */
  env.addFilter("longDay", longDate);
  /** Staff's markdown (a safe subset, every character escaped first): shared/domain/markdown.ts. */
  env.addFilter("markdown", (value: unknown) => safe(typeof value === "string" ? markdownToHtml(value) : ""));
  /** A time as people read it: 21 April 2027, 14:05 (London). */
  env.addFilter("time", readableTime);
  /** A petition's state in words: "Open for signatures", never `open`. */
  env.addFilter("stateWords", stateInWords);
  /** Someone's text as paragraphs where they left blank lines, each escaped: never their markup. */
  env.addFilter("paragraphs", (value: unknown, classes = "govuk-body") =>
    safe(
      paragraphsOf(value)
        .map((p) => `<p class="${escapeHtml(String(classes))}">${escapeHtml(p)}</p>`)
        .join("\n"),
    ),
  );
  return env;
}

/**
 * Loads a precompiled template by requiring its module from `dir`; a template with no module is
 * not found (null), as nunjucks expects of a loader.
 */
function precompiledLoader(dir: string): nunjucks.ILoader & Pick<nunjucks.Loader, "isRelative" | "resolve"> {
  const require = createRequire(import.meta.url);
  return {
    // GOV.UK Frontend's macros include their templates by relative name ("./template.njk").
    isRelative: (name: string) => name.startsWith("./") || name.startsWith("../"),
    resolve: (from: string, to: string) => posix.join(posix.dirname(from), to),
    getSource(name: string) {
      // The slim runtime's Template takes a precompiled template as a `code` source, and a loader
      // answers null for a template it does not have (nunjucks' types know only source text).
      let compiled: unknown;
      try {
        compiled = require(join(dir, `${name}${PRECOMPILED_SUFFIX}`));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND")
          return null as unknown as nunjucks.LoaderSource;
        throw error;
      }
      return {
        src: { type: "code", obj: compiled },
        path: name,
        noCache: false,
      } as unknown as nunjucks.LoaderSource;
    },
  };
}

/** `runtime` is the nunjucks the bundle holds (tests pass the slim runtime itself). */
export function precompiledEnvironment(dir: string, runtime: Nunjucks = nunjucks): Environment {
  return withFilters(new runtime.Environment(precompiledLoader(dir), ENVIRONMENT_OPTIONS), runtime);
}

export function sourceEnvironment(dirs: readonly string[] = VIEW_SOURCES): Environment {
  const missing = dirs.filter((dir) => !existsSync(dir));
  if (missing.length > 0) throw new Error(`Cannot find the page templates in ${missing.join(", ")}`);
  const loader = new nunjucks.FileSystemLoader([...dirs], { noCache: false });
  return withFilters(new nunjucks.Environment(loader, ENVIRONMENT_OPTIONS), nunjucks);
}
