/**
 * GET /petitions/{id}.json: one published petition with its breakdowns; 404 for anything else.
 * Without `.json` the same route is the petition's HTML page (shared/web/pages/petition.ts).
 */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { isVisible } from "../../shared/domain/petition-state.ts";
import { GoneError, NotFoundError } from "../../shared/errors.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { getPetition } from "../../shared/petitions/items.ts";
import { presentPetition } from "../../shared/petitions/present.ts";
import { petitionJsonParam } from "../../shared/petitions/schemas.ts";
import { errorPageFor } from "../../shared/web/error-pages.ts";
import { renderPetitionPage } from "../../shared/web/pages/petition.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL", "DATA_DIR"]);

const pathSchema = z.union([
  petitionJsonParam.transform(({ id }) => ({ id, html: false })),
  z
    .object({
      id: z
        .string()
        .regex(/^\d{1,9}$/)
        .transform(Number),
    })
    .transform(({ id }) => ({ id, html: true })),
]);

export const handler = httpRoute(
  {
    path: pathSchema,
    cache: { maxAge: 10, staleWhileRevalidate: 20, staleIfError: 50 },
    // A malformed id from a browser reads "Page not found" (`.json` addresses keep JSON).
    pages: errorPageFor,
  },
  async ({ path, event }) => {
    if (path.html) return renderPetitionPage(path.id, event);
    const petition = await getPetition(path.id);
    if (petition?.state === "hidden" && petition.published_before)
      throw new GoneError("This petition has been removed");
    if (!petition || !isVisible(petition.state)) {
      throw new NotFoundError("No published petition has that id");
    }
    return json(200, presentPetition(petition, config.PUBLIC_URL, loadUkData(config.DATA_DIR)));
  },
);
