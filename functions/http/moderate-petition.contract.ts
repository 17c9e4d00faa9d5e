/** POST /admin/petitions/{id}/moderation: the contract its handler validates with and the OpenAPI document shows. */
import { answers, anyObject, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import { moderationSchema } from "../../shared/petitions/moderation.ts";
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";

export const moderatePetitionRoute = defineRoute({
  route: "POST /admin/petitions/{id}/moderation",
  summary: "Publish, reject, hide, flag, park or restore a petition",
  role: "moderator",
  path: petitionIdPath,
  body: moderationSchema,
  forms: true,
  responses: {
    200: { description: "The petition after the decision", schema: anyObject },
    401: answers.unauthorised,
    403: answers.forbidden,
    409: {
      description: "The petition is no longer in a state the decision applies to",
      schema: errorsSchema,
    },
    422: answers.invalid,
  },
});
