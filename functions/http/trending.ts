/** GET /trending.json: the ten open petitions with the most signatures in the last hour. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentTrending, trendingPetitions } from "../../shared/petitions/trending-list.ts";
import { trendingRoute } from "./trending.contract.ts";

const config = functionConfig("Trending");

export const handler = httpRoute(trendingRoute, async () => {
  const now = new Date();
  return json(200, presentTrending(await trendingPetitions(now), config.PUBLIC_URL, now));
});
