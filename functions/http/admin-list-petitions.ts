/** GET /admin/petitions?queue=: the moderation hub's queues. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { readQueue } from "../../shared/petitions/queues.ts";
import { adminListPetitionsRoute } from "./admin-list-petitions.contract.ts";

functionConfig("AdminListPetitions");

export const handler = httpRoute(adminListPetitionsRoute, async ({ query }) =>
  json(200, await readQueue(query, new Date()), { "cache-control": "no-store" }),
);
