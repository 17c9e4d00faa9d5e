/** GET /petitions: all petitions by state, searchable and paged (the JSON list's query). */
import { loadConfig } from "../../shared/config.ts";
import { PAGE_SETTINGS, webRoute } from "../../shared/web/page.ts";
import { listPage } from "../../shared/web/pages/public.ts";
import { petitionsPageRoute } from "./petitions.contract.ts";

const site = loadConfig(PAGE_SETTINGS);

export const handler = webRoute(site, petitionsPageRoute, async ({ event, query }) =>
  listPage(site, event, query),
);
