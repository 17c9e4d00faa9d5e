/**
 * The staff pages: sign-in and sign-out, the moderation queues, a petition's page with its
 * moderation, government response and debate forms, mass-mail job progress and the threshold
 * report. One function serves these routes, each page by its contract (staff.contract.ts) and
 * the page the map names (shared/web/pages/staff-routes.ts); each page checks the staff session.
 */
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute } from "../../shared/http/handler.ts";
import { siteSettings } from "../../shared/site/settings.ts";
import { webRoute } from "../../shared/web/page.ts";
import { staffPages } from "../../shared/web/pages/staff-routes.ts";
import { staffPageRoutes } from "./staff.contract.ts";

const site = functionConfig("StaffPages");

export const handler = byRoute(
  Object.fromEntries(
    staffPageRoutes.map((contract) => [
      contract.route,
      webRoute(site, contract, async (input) => {
        // The duration and thresholds in effect (site settings), for publishing and the reports.
        const settings = await siteSettings(site);
        const inEffect = {
          ...site,
          PETITION_DURATION_MONTHS: settings.petition_duration_months,
          THRESHOLD_FOR_RESPONSE: settings.threshold_for_response,
          THRESHOLD_FOR_DEBATE: settings.threshold_for_debate,
        };
        return staffPages[contract.route](inEffect, input);
      }),
    ]),
  ),
);
