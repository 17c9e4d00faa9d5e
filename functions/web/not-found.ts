/**
 * Every request no route matches (API Gateway's `$default` route; the local engine routes its
 * misses here too): "Page not found" as a page for a browser, as JSON for a program. The list
 * with a format it does not serve answers as petition.parliament.uk does (`/petitions.xml` 406,
 * `/petitions.please` redirected to `/petitions`).
 */
import { NotAcceptableError, NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { redirect } from "../../shared/http/responses.ts";
import { listFormatAnswer } from "../../shared/petitions/formats.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";

const site = functionConfig("NotFoundPage");

export const handler = withBanner(
  httpRoute({ pages: errorPagesFor(site) }, async ({ event }) => {
    const answer = listFormatAnswer(event.rawPath ?? "");
    if (answer?.kind === "not_acceptable")
      throw new NotAcceptableError("The petitions list is not served in that format");
    if (answer?.kind === "without_format" || (answer?.kind === "serve" && answer.format === "html")) {
      const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
      return redirect(`${site.PUBLIC_URL}/petitions${query}`, 302);
    }
    throw new NotFoundError("Page not found");
  }),
);
