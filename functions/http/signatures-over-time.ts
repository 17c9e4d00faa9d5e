/** GET /petitions/{id}/signatures-over-time.json: the hourly series of signatures since opening. */

import { getPetition } from "../../shared/db/petitions.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { signaturesOverTime } from "../../shared/petitions/history.ts";
import { petitionIdParam } from "../../shared/petitions/schemas.ts";

const config = functionConfig("SignaturesOverTime");

export const handler = httpRoute(
  { path: petitionIdParam, cache: { maxAge: 60, staleWhileRevalidate: 60 } },
  async ({ path }) => {
    const petition = await getPetition(path.id);
    if (!petition || !["open", "closed"].includes(petition.state)) {
      throw new NotFoundError("No published petition has that id");
    }
    return json(200, await signaturesOverTime(petition, config.PUBLIC_URL, new Date()));
  },
);
