/** GET /: what petitions are, the thresholds and banner in effect, popular and trending open petitions, a search box. */
import { functionConfig } from "../../shared/function-config.ts";

import { siteSettings } from "../../shared/site/settings.ts";
import { thresholdsInEffect } from "../../shared/site/thresholds.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { webRoute } from "../../shared/web/page.ts";
import { homePage } from "../../shared/web/pages/public.ts";
import { homeRoute } from "./home.contract.ts";

const site = functionConfig("HomePage");

export const handler = withBanner(
  webRoute(site, homeRoute, async ({ event }) => {
    const settings = await siteSettings(site);
    return homePage({ ...site, ...thresholdsInEffect(settings) }, event);
  }),
);
