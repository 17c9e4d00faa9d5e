/** GET /: what petitions are, the thresholds, popular and trending open petitions, a search box. */
import { loadConfig } from "../../shared/config.ts";
import { webRoute } from "../../shared/web/page.ts";
import { homePage } from "../../shared/web/pages/public.ts";
import { homeRoute } from "./home.contract.ts";

const site = loadConfig([
  "TABLE_NAME",
  "PUBLIC_URL",
  "SERVICE_NAME",
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
]);

export const handler = webRoute(site, homeRoute, async ({ event }) => homePage(site, event));
