/** GET /petitions/{id}/count.json: the contract its handler validates with and the OpenAPI document shows. */
import { COUNT_FRESHNESS, defineRoute, publicPetitionAnswers } from "../../shared/http/contract.ts";
import { petitionCountSchema, petitionIdPath } from "../../shared/petitions/petition-json.ts";

export const petitionCountRoute = defineRoute({
  route: "GET /petitions/{id}/count.json",
  summary: "A petition's live signature count and threshold stamps",
  path: petitionIdPath,
  cache: COUNT_FRESHNESS,
  responses: {
    200: { description: "The count", schema: petitionCountSchema },
    ...publicPetitionAnswers,
  },
});
