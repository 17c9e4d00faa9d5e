/** GET /petitions/{id}/count.json: the live count a petition page polls; a CDN absorbs the polling. */
import { loadConfig } from "../../shared/config.ts";
import { isVisible } from "../../shared/domain/petition-state.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { getPetition } from "../../shared/petitions/items.ts";
import { presentCount } from "../../shared/petitions/present.ts";
import { petitionIdParam } from "../../shared/petitions/schemas.ts";

loadConfig(["TABLE_NAME"]);

export const handler = httpRoute(
  { path: petitionIdParam, cache: { maxAge: 10, staleWhileRevalidate: 20, staleIfError: 50 } },
  async ({ path }) => {
    const petition = await getPetition(path.id);
    if (!petition || !isVisible(petition.state)) {
      throw new NotFoundError("No published petition has that id");
    }
    return json(200, presentCount(petition));
  },
);
