/**
 * GET /petitions/{id}.json: one published petition with its breakdowns; 404 for anything else.
 * Without `.json` the same route is the petition's HTML page (shared/web/pages/petition.ts).
 */
import { functionConfig } from "../../shared/function-config.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentPetition } from "../../shared/petitions/present.ts";
import { publicPetition } from "../../shared/petitions/public.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";
import { renderPetitionPage } from "../../shared/web/pages/petition.ts";
import { getPetitionRoute } from "./get-petition.contract.ts";

const config = functionConfig("GetPetition");

export const handler = httpRoute(
  // A malformed id from a browser reads "Page not found" (`.json` addresses keep JSON).
  { ...getPetitionRoute, pages: errorPagesFor(config) },
  async ({ path, event }) => {
    if (path.html) return renderPetitionPage(path.id, event, config);
    const petition = await publicPetition(path.id);
    return json(200, presentPetition(petition, config.PUBLIC_URL, loadUkData(config.DATA_DIR)));
  },
);
