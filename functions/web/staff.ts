/**
 * The staff pages: sign-in and sign-out, the moderation queues, a petition's page with its
 * moderation, government response and debate forms, mass-mail job progress and the threshold
 * report. One function serves these routes, each page by its contract (staff.contract.ts) and
 * the page the map names (shared/web/pages/staff-routes.ts); each page checks the staff session.
 */
import { loadConfig } from "../../shared/config.ts";
import { byRoute } from "../../shared/http/handler.ts";
import { webRoute } from "../../shared/web/page.ts";
import { staffPages } from "../../shared/web/pages/staff-routes.ts";
import { staffPageRoutes } from "./staff.contract.ts";

const site = loadConfig([
  "TABLE_NAME",
  "PUBLIC_URL",
  "SERVICE_NAME",
  "STAFF_JWT_ISSUER",
  "STAFF_JWT_AUDIENCE",
  "STAFF_SIGN_IN_URL",
  "PETITION_DURATION_MONTHS",
  "SIGNER_INDEX_SHARDS",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
]);

export const handler = byRoute(
  Object.fromEntries(
    staffPageRoutes.map((contract) => [
      contract.route,
      webRoute(site, contract, (input) => staffPages[contract.route](site, input)),
    ]),
  ),
);
