/** GET /help and /help/{page}: how petitions work, standards, privacy, accessibility, cookies. */
import { loadConfig } from "../../shared/config.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { helpPage } from "../../shared/web/pages/public.ts";
import { helpRoutes } from "./help.contract.ts";

const site = loadConfig([
  "PUBLIC_URL",
  "SERVICE_NAME",
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
  "CONTACT_EMAIL",
]);

export const handler = webRoutes(site, helpRoutes, async ({ event, path }) =>
  helpPage(site, event, path.page),
);
