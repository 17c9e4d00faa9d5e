/** GET /admin/petitions: the contract its handler validates with and the OpenAPI document shows. */
import { answers, anyObject, defineRoute } from "../../shared/http/contract.ts";
import { queueQuerySchema } from "../../shared/petitions/queues.ts";

export const adminListPetitionsRoute = defineRoute({
  route: "GET /admin/petitions",
  summary: "The moderation queues",
  role: "moderator",
  query: queueQuerySchema,
  responses: {
    200: { description: "One page of a queue", schema: anyObject },
    401: answers.unauthorised,
    403: answers.forbidden,
  },
});
