/** GET /trending.json: the contract its handler validates with and the OpenAPI document shows. */
import { defineRoute } from "../../shared/http/contract.ts";
import { trendingSchema } from "../../shared/petitions/petition-json.ts";

export const trendingRoute = defineRoute({
  route: "GET /trending.json",
  summary: "The ten open petitions with the most signatures in the last hour",
  cache: { maxAge: 60, staleWhileRevalidate: 60 },
  responses: { 200: { description: "Trending petitions", schema: trendingSchema } },
});
