/** GET /petitions/{id}/signatures-over-time.json: the hourly series of signatures since opening. */
import { loadConfig } from "../../shared/config.ts";
import { isPublished } from "../../shared/domain/petition-state.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { signaturesOverTime } from "../../shared/petitions/history.ts";
import { getPetition } from "../../shared/petitions/items.ts";
import { petitionIdParam } from "../../shared/petitions/schemas.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL"]);

export const handler = httpRoute(
  { path: petitionIdParam, cache: { maxAge: 60, staleWhileRevalidate: 60 } },
  async ({ path }) => {
    const petition = await getPetition(path.id);
    if (!petition || !isPublished(petition.state)) {
      throw new NotFoundError("No published petition has that id");
    }
    return json(200, await signaturesOverTime(petition, config.PUBLIC_URL, new Date()));
  },
);
