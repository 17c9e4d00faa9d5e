/**
 * Server-rendered pages: nunjucks with autoescape on, GOV.UK Frontend's components, and this
 * service's own neutral layout (no crown, no GOV.UK font). A deployed function renders the views
 * precompiled at bundle time, found beside its bundle in `templates/` (infra/aws/views.ts);
 * elsewhere the views are compiled from shared/web/views and govuk-frontend's templates
 * (shared/web/environment.ts).
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type HttpResult, html } from "../http/responses.ts";
import { precompiledEnvironment, sourceEnvironment } from "./environment.ts";

/** Defined (true) by the bundler for deployed functions, so their bundles carry no nunjucks compiler. */
declare const PETITIONS_PRECOMPILED_VIEWS: boolean | undefined;

const env =
  typeof PETITIONS_PRECOMPILED_VIEWS !== "undefined" && PETITIONS_PRECOMPILED_VIEWS
    ? precompiledEnvironment(resolve(dirname(fileURLToPath(import.meta.url)), "templates"))
    : sourceEnvironment();

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
