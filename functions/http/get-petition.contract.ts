/** GET /petitions/{id}: the contract its handler validates with and the OpenAPI document shows. */
import { defineRoute, publicPetitionAnswers } from "../../shared/http/contract.ts";
import { petitionDocumentPath, petitionShowSchema } from "../../shared/petitions/schemas.ts";

export const getPetitionRoute = defineRoute({
  route: "GET /petitions/{id}",
  summary: "One published petition, with its signatures by country, constituency and region",
  description: "Ask for `/petitions/<id>.json`; without `.json` it is the petition's page.",
  path: petitionDocumentPath,
  cache: { maxAge: 10, staleWhileRevalidate: 20, staleIfError: 50 },
  responses: {
    200: { description: "The petition", schema: petitionShowSchema },
    ...publicPetitionAnswers,
  },
});
