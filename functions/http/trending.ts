/** GET /trending.json: the ten open petitions with the most signatures in the last hour. */
import { loadConfig } from "../../shared/config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentTrending, trendingPetitions } from "../../shared/petitions/trending-list.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL"]);

export const handler = httpRoute({ cache: { maxAge: 60, staleWhileRevalidate: 60 } }, async () => {
  const now = new Date();
  return json(200, presentTrending(await trendingPetitions(now), config.PUBLIC_URL, now));
});
