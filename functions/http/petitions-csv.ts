/**
 * GET /petitions.csv?state=&q=: the list as e-petitions' CSV download, built at most once a
 * minute for each facet and search (shared/petitions/csv-cache.ts).
 */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { text } from "../../shared/http/responses.ts";
import { cachedPetitionsCsv } from "../../shared/petitions/csv-cache.ts";
import { petitionsCsvRoute } from "./petitions-csv.contract.ts";

const config = functionConfig("PetitionsCsv");

export const handler = httpRoute(petitionsCsvRoute, async ({ query }) => {
  const { body, truncated } = await cachedPetitionsCsv(query, config.PUBLIC_URL);
  return text(200, body, "text/csv; charset=utf-8", {
    "content-disposition": 'attachment; filename="filtered-petitions.csv"',
    ...(truncated ? { "x-csv-truncated": "true" } : {}),
  });
});
