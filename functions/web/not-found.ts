/**
 * Every request no route matches (API Gateway's `$default` route; the local engine routes its
 * misses here too): "Page not found" as a page for a browser, as JSON for a program.
 */
import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";

const site = functionConfig("NotFoundPage");

export const handler = httpRoute({ pages: errorPagesFor(site) }, async () => {
  throw new NotFoundError("Page not found");
});
