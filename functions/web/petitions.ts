/** GET /petitions: all petitions by state, searchable and paged (the JSON list's query). */

import { functionConfig } from "../../shared/function-config.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { webRoute } from "../../shared/web/page.ts";
import { listPage } from "../../shared/web/pages/public.ts";
import { petitionsPageRoute } from "./petitions.contract.ts";

const site = functionConfig("PetitionsPage");

export const handler = withBanner(
  webRoute(site, petitionsPageRoute, async ({ event, query }) => listPage(site, event, query)),
);
