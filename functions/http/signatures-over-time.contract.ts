/** GET /petitions/{id}/signatures-over-time.json: the contract its handler validates with and the OpenAPI document shows. */
import { defineRoute, publicPetitionAnswers } from "../../shared/http/contract.ts";
import { petitionIdPath, signaturesOverTimeSchema } from "../../shared/petitions/petition-json.ts";

export const signaturesOverTimeRoute = defineRoute({
  route: "GET /petitions/{id}/signatures-over-time.json",
  summary: "Signatures per hour since the petition opened",
  path: petitionIdPath,
  cache: { maxAge: 60, staleWhileRevalidate: 60 },
  responses: {
    200: { description: "The hourly series", schema: signaturesOverTimeSchema },
    ...publicPetitionAnswers,
  },
});
