/** GET /petitions/{id}: the contract its handler validates with and the OpenAPI document shows. */

import {
  answers,
  defineRoute,
  PETITION_FRESHNESS,
  publicPetitionAnswers,
} from "../../shared/http/contract.ts";
import { petitionShowSchema } from "../../shared/petitions/petition-json.ts";
import * as z from "../../shared/zod.ts";

export const getPetitionRoute = defineRoute({
  route: "GET /petitions/{id}",
  summary: "One published petition, with its signatures by country, constituency and region",
  description: "Ask for `/petitions/<id>.json`; without `.json` it is the petition's page.",
  path: z.object({
    id: z.string().check(z.maxLength(64), z.describe("`<id>` for the page, `<id>.json` for JSON")),
  }),
  cache: PETITION_FRESHNESS,
  responses: {
    200: { description: "The petition", schema: petitionShowSchema },
    ...publicPetitionAnswers,
    406: { description: "A format other than .json (`.xml`, say)", schema: answers.badId.schema },
  },
});
