/** GET /petitions/{id}/count.json: the contract its handler validates with and the OpenAPI document shows. */
import { defineRoute, publicPetitionAnswers } from "../../shared/http/contract.ts";
import { petitionCountSchema, petitionIdPath } from "../../shared/petitions/schemas.ts";

export const petitionCountRoute = defineRoute({
  route: "GET /petitions/{id}/count.json",
  summary: "A petition's live signature count and threshold stamps",
  path: petitionIdPath,
  cache: { maxAge: 10, staleWhileRevalidate: 20, staleIfError: 50 },
  responses: {
    200: { description: "The count", schema: petitionCountSchema },
    ...publicPetitionAnswers,
  },
});
