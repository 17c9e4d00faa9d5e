/**
 * The views a deployed function renders, precompiled at bundle time: every `.njk` of
 * shared/web/views and of GOV.UK Frontend's templates, compiled by nunjucks with the options the
 * pages render with (shared/web/environment.ts), each written minified as one CommonJS module,
 * `<dir>/<template name>.cjs`, that the slim runtime requires when a page first needs it.
 * A function's bundle then carries no compiler, and no request compiles a template.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { transformSync } from "esbuild";
import nunjucks from "nunjucks";
import { ENVIRONMENT_OPTIONS, PRECOMPILED_SUFFIX, VIEW_SOURCES } from "../../shared/web/environment.ts";
import { writtenOnce } from "./build-files.ts";

interface Compiled {
  name: string;
  template: string;
}

/** Every template under `dir`, by name relative to it, compiled as the pages' environment would. */
function compileAll(dir: string): Compiled[] {
  let compiled: Compiled[] = [];
  nunjucks.precompile(dir, {
    include: ["\\.njk$"],
    env: new nunjucks.Environment([], ENVIRONMENT_OPTIONS),
    // nunjucks hands the wrapper every template compiled (its types say one).
    wrapper: (templates) => {
      compiled = templates as unknown as Compiled[];
      return "";
    },
  });
  return compiled;
}

/** Writes every template's module into `dir`. */
export function precompileViews(dir: string, target: string): void {
  const byName = new Map<string, string>();
  for (const source of VIEW_SOURCES)
    for (const { name, template } of compileAll(source)) if (!byName.has(name)) byName.set(name, template);
  for (const [name, template] of byName) {
    const file = join(dir, `${name}${PRECOMPILED_SUFFIX}`);
    mkdirSync(dirname(file), { recursive: true });
    const { code } = transformSync(`module.exports = (function () {\n${template}\n})();\n`, {
      format: "cjs",
      minify: true,
      target,
    });
    writeFileSync(file, code);
  }
}

/** The precompiled views in a directory of their own, compiled once per process (per synth) and target. */
export const precompiledViewsDir = (target: string): string =>
  writtenOnce(`views:${target}`, (dir) => precompileViews(dir, target));
