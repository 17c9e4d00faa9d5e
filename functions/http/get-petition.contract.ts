/** GET /petitions/{id}: the contract its handler validates with and the OpenAPI document shows. */
import { defineRoute, PETITION_FRESHNESS, publicPetitionAnswers } from "../../shared/http/contract.ts";
import { petitionDocumentPath, petitionShowSchema } from "../../shared/petitions/petition-json.ts";

export const getPetitionRoute = defineRoute({
  route: "GET /petitions/{id}",
  summary: "One published petition, with its signatures by country, constituency and region",
  description: "Ask for `/petitions/<id>.json`; without `.json` it is the petition's page.",
  path: petitionDocumentPath,
  cache: PETITION_FRESHNESS,
  responses: {
    200: { description: "The petition", schema: petitionShowSchema },
    ...publicPetitionAnswers,
  },
});
