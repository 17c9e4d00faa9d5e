/**
 * The staff pages: sign-in and sign-out, the moderation queues, a petition's page with its
 * moderation, government response and debate forms, mass-mail job progress and the threshold
 * report. One function serves these routes, each page by its contract (staff.contract.ts) and
 * the page the map names (shared/web/pages/staff-routes.ts); each page checks the staff session.
 */
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute } from "../../shared/http/handler.ts";
import { webRoute } from "../../shared/web/page.ts";
import { staffPages } from "../../shared/web/pages/staff-routes.ts";
import { staffPageRoutes } from "./staff.contract.ts";

const site = functionConfig("StaffPages");

export const handler = byRoute(
  Object.fromEntries(
    staffPageRoutes.map((contract) => [
      contract.route,
      webRoute(site, contract, (input) => staffPages[contract.route](site, input)),
    ]),
  ),
);
