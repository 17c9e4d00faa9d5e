/**
 * GET /petitions/{id}.json: one published petition with its breakdowns; 404 for anything else.
 * Without `.json` the same route is the petition's HTML page (shared/web/pages/petition.ts).
 * As on petition.parliament.uk: an id that is not an integer answers 400, a format Rails knows
 * but this address does not serve (`.xml`) 406, an unknown one (`.please`) redirects without it.
 */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { getPetition } from "../../shared/db/petitions.ts";
import { GoneError, NotAcceptableError, NotFoundError } from "../../shared/errors.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json, redirect } from "../../shared/http/responses.ts";
import { formatAnswer, splitFormat } from "../../shared/petitions/formats.ts";
import type { PetitionRecord } from "../../shared/petitions/model.ts";
import { petitionIdOf } from "../../shared/petitions/petition-id.ts";
import { presentPetition } from "../../shared/petitions/present.ts";
import { errorPageFor } from "../../shared/web/error-pages.ts";
import { renderPetitionPage } from "../../shared/web/pages/petition.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL", "DATA_DIR"]);

const pathSchema = z.object({ id: z.string().describe("`<id>` for the page, `<id>.json` for JSON") });

async function publishedPetition(id: number): Promise<PetitionRecord> {
  const petition = await getPetition(id);
  if (petition?.state === "hidden" && petition.published_before)
    throw new GoneError("This petition has been removed");
  if (!petition || !["open", "closed", "rejected"].includes(petition.state)) {
    throw new NotFoundError("No published petition has that id");
  }
  return petition;
}

export const handler = httpRoute(
  {
    path: pathSchema,
    cache: { maxAge: 10, staleWhileRevalidate: 20, staleIfError: 50 },
    // A malformed id from a browser reads as a page (`.json` addresses keep JSON).
    pages: errorPageFor,
  },
  async ({ path, event }) => {
    const { name, format } = splitFormat(path.id);
    const answer = formatAnswer(format, ["html", "json"]);
    if (answer.kind === "without_format") {
      const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
      return redirect(`${config.PUBLIC_URL}/petitions/${encodeURIComponent(name)}${query}`, 302);
    }
    const id = petitionIdOf(name);
    if (answer.kind === "serve" && answer.format === "html") return renderPetitionPage(id, event);
    const petition = await publishedPetition(id);
    if (answer.kind === "not_acceptable")
      throw new NotAcceptableError(`This petition is not served as .${format}`);
    return json(200, presentPetition(petition, config.PUBLIC_URL, loadUkData(config.DATA_DIR)));
  },
);
