/** GET /: what petitions are, the thresholds and banner in effect, popular and trending open petitions, a search box. */
import { functionConfig } from "../../shared/function-config.ts";
import { siteSettings } from "../../shared/site/settings.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { webRoute } from "../../shared/web/page.ts";
import { homePage } from "../../shared/web/pages/public.ts";
import { homeRoute } from "./home.contract.ts";

const site = functionConfig("HomePage");

export const handler = withBanner(
  webRoute(site, homeRoute, async ({ event }) => {
    const settings = await siteSettings(site);
    return homePage(
      {
        ...site,
        THRESHOLD_FOR_MODERATION: settings.threshold_for_moderation,
        THRESHOLD_FOR_RESPONSE: settings.threshold_for_response,
        THRESHOLD_FOR_DEBATE: settings.threshold_for_debate,
      },
      event,
    );
  }),
);
