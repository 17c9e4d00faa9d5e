/** GET /petitions.json: published petitions by state facet, paged as petition.parliament.uk. */
import { loadConfig } from "../../shared/config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { listPetitions, listQuerySchema } from "../../shared/petitions/listing.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL"]);

export const handler = httpRoute({ query: listQuerySchema }, async ({ query }) =>
  json(200, await listPetitions(query, config.PUBLIC_URL), { "cache-control": "public, max-age=30" }),
);
