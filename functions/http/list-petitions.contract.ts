/** GET /petitions.json: the contract its handler validates with and the OpenAPI document shows. */
import { answers, defineRoute } from "../../shared/http/contract.ts";
import { listRequestSchema } from "../../shared/petitions/listing.ts";
import { petitionListSchema } from "../../shared/petitions/petition-json.ts";

export const listPetitionsRoute = defineRoute({
  route: "GET /petitions.json",
  summary: "Published petitions by facet, optionally searched",
  description:
    "As petition.parliament.uk's /petitions.json: `state` picks the facet (each ordered as there), `q` finds petitions holding every word in their action, background or additional details (case- and accent-insensitive).",
  query: listRequestSchema,
  cache: { maxAge: 30, staleWhileRevalidate: 60, staleIfError: 300 },
  responses: {
    200: {
      description: "One page; an out-of-range `page` or `count` reads as its default",
      schema: petitionListSchema,
    },
    302: { description: "An unknown `state`: to the same list with `state=all`" },
    422: answers.invalid,
  },
});
