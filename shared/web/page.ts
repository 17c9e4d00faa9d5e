/**
 * What every page handler shares: the HTTP stack (with form posts), errors rendered as pages
 * rather than JSON, the CSRF check, and form errors in GOV.UK's error-summary shape.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { DomainError } from "../errors.ts";
import type { RouteKey } from "../http/contract.ts";
import { byRoute, httpRoute, type RouteInput, type RouteSpec, type Schema } from "../http/handler.ts";
import type { HttpResult } from "../http/responses.ts";
import { logger } from "../log.ts";
import type * as z from "../zod.ts";
import { currentBanner } from "./banner.ts";
import { CSRF_FIELD, csrfFor, csrfValid } from "./csrf.ts";
import { errorPageFor, errorPagesFor } from "./error-pages.ts";
import type { FormBody } from "./page-contract.ts";
import { renderPage } from "./render.ts";

export interface Site {
  SERVICE_NAME: string;
  PUBLIC_URL: string;
  /** The sysadmins' banner (site settings' `home_page_message`), shown above the content when set. */
  banner?: string;
}

export { anyQuery, type FormBody, formBody } from "./page-contract.ts";

/** One field of a form, as a string ("" when absent; the last when repeated). */
export const field = (form: FormBody, name: string): string => {
  const value = form[name];
  return Array.isArray(value) ? (value.at(-1) ?? "") : (value ?? "");
};

export interface FormErrors {
  /** For govukErrorSummary's errorList. */
  list: { text: string; href: string }[];
  /** For each component's errorMessage. */
  byField: Record<string, { text: string }>;
}

export const noErrors = (): FormErrors => ({ list: [], byField: {} });

/** zod issues to the error summary, the first message per field, each linked to its field. */
export function formErrors(
  error: Pick<z.core.$ZodError, "issues">,
  fieldOrder: readonly string[] = [],
): FormErrors {
  const byField: Record<string, { text: string }> = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String)[0] ?? "form";
    byField[name] ??= { text: issue.message };
  }
  const rank = (name: string) => (fieldOrder.includes(name) ? fieldOrder.indexOf(name) : fieldOrder.length);
  const list = Object.entries(byField)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, { text }]) => ({ text, href: `#${name}` }));
  return { list, byField };
}

export const isPost = (event: APIGatewayProxyEventV2) => event.requestContext.http.method === "POST";

/**
 * The page's base context: the site, the banner of the request (shared/web/banner.ts), and for a page with a form (`values.form`), a CSRF token.
 * Pages without a form set no cookie, so they can be cached.
 */
export function pageContext(site: Site, event: APIGatewayProxyEventV2, withForm: boolean) {
  const base = {
    serviceName: site.SERVICE_NAME,
    publicUrl: site.PUBLIC_URL,
    banner: site.banner || currentBanner() || null,
  };
  if (!withForm) return { context: base, cookies: [] as string[] };
  const csrf = csrfFor(event, site.PUBLIC_URL);
  return { context: { ...base, csrfToken: csrf.token, csrfField: CSRF_FIELD }, cookies: csrf.cookies };
}

/** Renders a view with the site's context and, for a form, the CSRF cookie when it is new. */
export function page(
  site: Site,
  event: APIGatewayProxyEventV2,
  view: string,
  values: Record<string, unknown>,
  status = 200,
  extraCookies: string[] = [],
): HttpResult {
  const { context, cookies } = pageContext(site, event, values.form === true);
  const result = renderPage(view, { ...context, ...values }, status);
  const all = [...cookies, ...extraCookies];
  return all.length > 0 ? { ...result, cookies: all } : result;
}

export class CsrfError extends DomainError {
  readonly status = 403;
  readonly code = "csrf";
  constructor() {
    super(
      "Your session has expired or the form was sent from elsewhere. Go back, reload the page and try again.",
    );
  }
}

export function requireCsrf(site: Site, event: APIGatewayProxyEventV2, form: FormBody): void {
  if (!csrfValid(event, site.PUBLIC_URL, form[CSRF_FIELD])) throw new CsrfError();
}

const titles: Record<number, string> = {
  400: "There is a problem with the request",
  403: "You cannot do that",
  404: "Page not found",
  409: "This cannot be done now",
  410: "This petition has been removed",
  422: "There is a problem",
};

/** A domain error as a page: its status, a title, and its (caller-safe) message. */
export function errorPage(site: Site, event: APIGatewayProxyEventV2, error: DomainError): HttpResult {
  logger.info("page error", { code: error.code, status: error.status });
  const title = titles[error.status] ?? "Something went wrong";
  return page(site, event, "error.njk", { title, message: error.message }, error.status);
}

/** `httpRoute` for pages: form posts accepted, and errors answered as pages. */
export function webRoute<B extends Schema, Q extends Schema, P extends Schema>(
  site: Site,
  spec: RouteSpec<B, Q, P>,
  fn: (input: RouteInput<B, Q, P>) => Promise<HttpResult>,
) {
  return httpRoute({ ...spec, forms: true, pages: errorPagesFor(site) }, async (input) => {
    try {
      return await fn(input);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return errorPageFor(error, input.event, { link: spec.link ?? false }, site);
    }
  });
}

/** Several page routes with the same logic, each validated by its own contract. */
export function webRoutes<B extends Schema, Q extends Schema, P extends Schema>(
  site: Site,
  specs: readonly (RouteSpec<B, Q, P> & { route: RouteKey })[],
  fn: (input: RouteInput<B, Q, P>) => Promise<HttpResult>,
) {
  return byRoute(Object.fromEntries(specs.map((spec) => [spec.route, webRoute(site, spec, fn)])));
}
