/** GET /petitions/{id}/count.json: the live count a petition page polls; cached briefly. */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { getPetition } from "../../shared/db/petitions.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentCount } from "../../shared/petitions/present.ts";

loadConfig(["TABLE_NAME"]);

export const handler = httpRoute(
  {
    path: z.object({
      id: z
        .string()
        .regex(/^\d{1,9}$/, "Not a petition id")
        .transform(Number),
    }),
  },
  async ({ path }) => {
    const petition = await getPetition(path.id);
    if (!petition || !["open", "closed", "rejected"].includes(petition.state)) {
      throw new NotFoundError("No published petition has that id");
    }
    return json(200, presentCount(petition), {
      "cache-control": "public, max-age=10, stale-while-revalidate=20",
    });
  },
);
