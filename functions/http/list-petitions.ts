/** GET /petitions.json: published petitions by facet, searched with `q`, paged as petition.parliament.uk. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { listPetitions, listQuerySchema } from "../../shared/petitions/listing.ts";

const config = functionConfig("ListPetitions");

export const handler = httpRoute(
  { query: listQuerySchema, cache: { maxAge: 30, staleWhileRevalidate: 60, staleIfError: 300 } },
  async ({ query }) => json(200, await listPetitions(query, config.PUBLIC_URL)),
);
