/** GET /petitions.csv: the contract its handler validates with and the OpenAPI document shows. */
import { answers, defineRoute } from "../../shared/http/contract.ts";
import { CSV_INTERVAL_SECONDS } from "../../shared/petitions/csv-cache.ts";
import { csvQuerySchema } from "../../shared/petitions/listing.ts";

export const petitionsCsvRoute = defineRoute({
  route: "GET /petitions.csv",
  summary: "The facet (or search) as CSV: Petition, URL, State, Signatures Count",
  query: csvQuerySchema,
  cache: { maxAge: CSV_INTERVAL_SECONDS, staleWhileRevalidate: 60 },
  responses: { 200: { description: "CSV", contentType: "text/csv" }, 422: answers.invalid },
});
