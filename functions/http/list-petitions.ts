/** GET /petitions.json: published petitions by facet, searched with `q`, paged as petition.parliament.uk. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { listPetitions } from "../../shared/petitions/listing.ts";
import { listPetitionsRoute } from "./list-petitions.contract.ts";

const config = functionConfig("ListPetitions");

export const handler = httpRoute(listPetitionsRoute, async ({ query }) =>
  json(200, await listPetitions(query, config.PUBLIC_URL)),
);
