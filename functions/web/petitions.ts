/** GET /petitions: all petitions by state, searchable and paged (the JSON list's query). */
import { functionConfig } from "../../shared/function-config.ts";
import { anyQuery, webRoute } from "../../shared/web/page.ts";
import { listPage } from "../../shared/web/pages/public.ts";

const site = functionConfig("PetitionsPage");

export const handler = webRoute(site, { query: anyQuery }, async ({ event, query }) =>
  listPage(site, event, query),
);
