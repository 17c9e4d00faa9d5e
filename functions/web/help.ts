/** GET /help and /help/{page}: how petitions work (with the thresholds and duration in effect), standards, privacy, accessibility, cookies. */

import { functionConfig } from "../../shared/function-config.ts";

import { siteSettings } from "../../shared/site/settings.ts";
import { thresholdsInEffect } from "../../shared/site/thresholds.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { helpPage } from "../../shared/web/pages/public.ts";
import { helpRoutes } from "./help.contract.ts";

const site = functionConfig("HelpPages");

export const handler = withBanner(
  webRoutes(site, helpRoutes, async ({ event, path }) => {
    // The thresholds and duration in effect (site settings).
    const settings = await siteSettings(site);
    const inEffect = {
      ...site,
      ...thresholdsInEffect(settings),
      PETITION_DURATION_MONTHS: settings.petition_duration_months,
    };
    return helpPage(inEffect, event, path.page);
  }),
);
