/** GET /petitions/{id}.json: one published petition with its breakdowns; 404 for anything else. */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { getPetition } from "../../shared/db/petitions.ts";
import { GoneError, NotFoundError } from "../../shared/errors.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentPetition } from "../../shared/petitions/present.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL", "DATA_DIR"]);

const pathSchema = z.object({
  id: z.string().regex(/^\d{1,9}\.json$/, "Ask for /petitions/<number>.json"),
});

export const handler = httpRoute({ path: pathSchema }, async ({ path }) => {
  const id = Number(path.id.replace(/\.json$/, ""));
  const petition = await getPetition(id);
  if (petition?.state === "hidden" && petition.published_before)
    throw new GoneError("This petition has been removed");
  if (!petition || !["open", "closed", "rejected"].includes(petition.state)) {
    throw new NotFoundError("No published petition has that id");
  }
  return json(200, presentPetition(petition, config.PUBLIC_URL, loadUkData(config.DATA_DIR)), {
    "cache-control": "public, max-age=10",
  });
});
