/**
 * Errors as pages for people: a page-rendering function (its route spec names `errorPagesFor(site)`
 * as `pages`; webRoute does for every page) answers a request whose Accept names text/html with a
 * GOV.UK page, and programs keep their JSON (the stack's error responder, shared/http/errors.ts). An unknown address reads "Page not found"; a petition
 * id that is not a number answers 400 as petition.parliament.uk does, with the same advice about
 * the address; a bad, truncated or expired email link reads "This link is not valid"; each says
 * what to do next.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import {
  DomainError,
  MalformedAddressError,
  NotFoundError,
  PausedError,
  ValidationError,
} from "../errors.ts";
import { type ErrorPage, type ErrorPageOptions, isTransient } from "../http/errors.ts";
import type { HttpResult } from "../http/responses.ts";
import { logger } from "../log.ts";
import { currentBanner } from "./banner.ts";
import { renderPage } from "./render.ts";

interface Problem {
  status: number;
  title: string;
  paragraphs: string[];
  links: { href: string; text: string }[];
}

const FIND = { href: "/petitions", text: "Find a petition" };
const HOME = { href: "/", text: "Go to the home page" };

const BAD_REQUEST = "There is a problem with the request";
const titles: Record<number, string> = {
  400: BAD_REQUEST,
  403: "You cannot do that",
  409: "This cannot be done now",
  410: "This petition has been removed",
  413: "There is a problem with the request",
  415: "There is a problem with the request",
  422: "There is a problem",
  503: "Sorry, the service is busy",
};

/** What a person with a broken link of each kind can do instead. */
function linkAdvice(path: string): string {
  if (/\/verify$/.test(path))
    return "To sign the petition, find it and sign it again: we will email you a new link to confirm your signature.";
  if (/\/sponsors\/new$/.test(path))
    return "To support the petition, ask the person who started it to send you the link again.";
  if (/\/unsubscribe$/.test(path))
    return "To stop emails about a petition, use the unsubscribe link in the most recent email we sent you.";
  return "Find the petition and try again.";
}

const ADDRESS_ADVICE = [
  "If you typed the web address, check it is correct.",
  "If you pasted the web address, check you copied the entire address.",
];

const notFound = (message?: string): Problem => ({
  status: 404,
  title: "Page not found",
  paragraphs: [
    ...(message && message !== "Page not found" && message !== "Not found" ? [message] : []),
    ...ADDRESS_ADVICE,
  ],
  links: [FIND, HOME],
});

export function problemFor(error: unknown, path: string, options: ErrorPageOptions): Problem {
  if (!(error instanceof DomainError)) {
    return {
      status: isTransient(error) ? 503 : 500,
      title: "Sorry, there is a problem with the service",
      paragraphs: ["Try again later."],
      links: [HOME],
    };
  }
  const broken =
    error instanceof NotFoundError || (error instanceof ValidationError && error.where !== "body");
  if (options.link && broken) {
    return {
      status: error.status,
      title: "This link is not valid",
      paragraphs: [
        "The link may be incomplete, or it may have expired.",
        "If you copied it from an email, check you copied all of it, or open it straight from the email.",
        linkAdvice(path),
      ],
      links: [FIND],
    };
  }
  // An id that is not a number keeps petition.parliament.uk's 400, and the advice of a wrong address.
  if (error instanceof MalformedAddressError) {
    return {
      status: 400,
      title: BAD_REQUEST,
      paragraphs: [error.message, ...ADDRESS_ADVICE],
      links: [FIND, HOME],
    };
  }
  // A malformed path parameter names no page, as an unknown one does.
  if (error instanceof NotFoundError || (error instanceof ValidationError && error.where === "path")) {
    return notFound(error instanceof NotFoundError ? error.message : undefined);
  }
  return {
    status: error.status,
    title:
      error instanceof PausedError ? "Sorry, this is paused" : (titles[error.status] ?? "There is a problem"),
    paragraphs: [error.message],
    links: error instanceof PausedError ? [HOME] : [FIND],
  };
}

export function errorPageFor(
  error: unknown,
  event: APIGatewayProxyEventV2,
  options: ErrorPageOptions,
  site: { SERVICE_NAME: string; PUBLIC_URL: string },
): HttpResult {
  const path = event.rawPath ?? event.requestContext?.http?.path ?? "";
  const problem = problemFor(error, path, options);
  if (error instanceof DomainError) logger.info("page error", { code: error.code, status: problem.status });
  return renderPage(
    "problem.njk",
    {
      serviceName: site.SERVICE_NAME,
      publicUrl: site.PUBLIC_URL,
      banner: currentBanner() || null,
      ...problem,
    },
    problem.status,
  );
}

/** The `pages` renderer of a function whose pages name `site` (its service name and address). */
export const errorPagesFor =
  (site: { SERVICE_NAME: string; PUBLIC_URL: string }): ErrorPage =>
  (error, event, options) =>
    errorPageFor(error, event, options, site);
