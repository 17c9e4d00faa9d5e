/**
 * GET /petitions/{id}.json: one published petition with its breakdowns; 404 for anything else.
 * Without `.json` the same route is the petition's HTML page (shared/web/pages/petition.ts).
 * The function also serves /constituencies.json and the local petitions (./local-petitions.ts).
 */

import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { functionConfig } from "../../shared/function-config.ts";
import { loadMembers } from "../../shared/geo/members.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentPetition } from "../../shared/petitions/present.ts";
import { publicPetition } from "../../shared/petitions/public.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";
import { renderPetitionPage } from "../../shared/web/pages/petition.ts";
import { getPetitionRoute } from "./get-petition.contract.ts";
import { handler as localPetitions } from "./local-petitions.ts";

const config = functionConfig("GetPetition");

const petition = httpRoute(
  // A malformed id from a browser reads "Page not found" (`.json` addresses keep JSON).
  { ...getPetitionRoute, pages: errorPagesFor(config) },
  async ({ path, event }) => {
    if (path.html) return renderPetitionPage(path.id, event, config);
    const petition = await publicPetition(path.id);
    const data = loadUkData(config.DATA_DIR);
    return json(200, presentPetition(petition, config.PUBLIC_URL, data, loadMembers(config.DATA_DIR)));
  },
);

export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  event.routeKey.endsWith(" /petitions/{id}") ? petition(event, context) : localPetitions(event, context);
