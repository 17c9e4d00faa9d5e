/**
 * GET /petitions/{id}.json: one published petition with its breakdowns; 404 for anything else.
 * Without `.json` the same route is the petition's HTML page (shared/web/pages/petition.ts).
 * As on petition.parliament.uk: an id that is not an integer answers 400, a format Rails knows
 * but this address does not serve (`.xml`) 406, an unknown one (`.please`) redirects without it.
 * A petition still gathering supporters or being checked redirects (302), page and JSON alike, to
 * its page before publication, which this function also serves (shared/web/pages/petition-status.ts),
 * as it does /constituencies.json and the local petitions (./local-petitions.ts).
 */
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { SHOW_STATES } from "../../shared/domain/petition-state.ts";
import { showPageFor } from "../../shared/domain/show-page.ts";
import { NotAcceptableError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { loadMembers } from "../../shared/geo/members.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json, redirect } from "../../shared/http/responses.ts";
import { formatAnswer, splitFormat } from "../../shared/petitions/formats.ts";
import { petitionIdOf } from "../../shared/petitions/petition-id.ts";
import { presentPetition } from "../../shared/petitions/present.ts";
import { publicPetition } from "../../shared/petitions/public.ts";

import { siteSettings } from "../../shared/site/settings.ts";
import { thresholdsInEffect, withThresholdsInEffect } from "../../shared/site/thresholds.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { renderPetitionPage } from "../../shared/web/pages/petition.ts";
import { petitionStatusPage, showRedirect } from "../../shared/web/pages/petition-status.ts";
import { petitionStatusRoutes } from "../web/petition-status.contract.ts";
import { getPetitionRoute } from "./get-petition.contract.ts";
import { handler as localPetitions } from "./local-petitions.ts";

const config = functionConfig("GetPetition");

const petition = httpRoute(
  // A malformed id from a browser reads as a page (`.json` addresses keep JSON).
  { ...getPetitionRoute, pages: errorPagesFor(config) },
  async ({ path, event }) => {
    const { name, format } = splitFormat(path.id);
    const answer = formatAnswer(format, ["html", "json"]);
    if (answer.kind === "without_format") {
      const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
      return redirect(`${config.PUBLIC_URL}/petitions/${encodeURIComponent(name)}${query}`, 302);
    }
    const id = petitionIdOf(name);
    if (answer.kind === "serve" && answer.format === "html")
      return renderPetitionPage(id, event, await withThresholdsInEffect(config));
    // As there, a petition not yet published (or stopped) redirects to its page, JSON included.
    const petition = await publicPetition(id, SHOW_STATES);
    // As there: an archived petition's address redirects to the archive's.
    if (petition.archived_in && answer.kind === "serve")
      return redirect(`${config.PUBLIC_URL}/archived/petitions/${id}.json`, 302);
    const belongs = showPageFor(petition.state);
    if (belongs !== "petition") return showRedirect(id, belongs);
    if (answer.kind === "not_acceptable")
      throw new NotAcceptableError(`This petition is not served as .${format}`);
    const data = loadUkData(config.DATA_DIR);
    return json(200, presentPetition(petition, config.PUBLIC_URL, data, loadMembers(config.DATA_DIR)));
  },
);

const statusPages = webRoutes(config, petitionStatusRoutes, async ({ path, event }) => {
  // The supporters needed and the most a petition takes, in effect (site settings).
  const settings = await siteSettings(config);
  return petitionStatusPage(
    path.id,
    event.routeKey.endsWith("/gathering-support") ? "gathering-support" : "moderation-info",
    event,
    { ...config, ...thresholdsInEffect(settings), MAX_SPONSORS: settings.max_sponsors },
  );
});

export const handler = withBanner(async (event: APIGatewayProxyEventV2, context: Context) => {
  if (event.routeKey.endsWith(" /petitions/{id}")) return petition(event, context);
  if (/\/(gathering-support|moderation-info)$/.test(event.routeKey)) return statusPages(event, context);
  return localPetitions(event, context);
});
