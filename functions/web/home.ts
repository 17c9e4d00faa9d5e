/** GET /: what petitions are, the thresholds, popular and trending open petitions, a search box. */
import { functionConfig } from "../../shared/function-config.ts";
import { webRoute } from "../../shared/web/page.ts";
import { homePage } from "../../shared/web/pages/public.ts";
import { homeRoute } from "./home.contract.ts";

const site = functionConfig("HomePage");

export const handler = webRoute(site, homeRoute, async ({ event }) => homePage(site, event));
