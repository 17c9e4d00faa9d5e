/** GET /help and /help/{page}: how petitions work, standards, privacy, accessibility, cookies. */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { webRoute } from "../../shared/web/page.ts";
import { helpPage } from "../../shared/web/pages/public.ts";

const site = loadConfig([
  "PUBLIC_URL",
  "SERVICE_NAME",
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
  "CONTACT_EMAIL",
]);

export const handler = webRoute(
  site,
  { path: z.object({ page: z.string().optional() }) },
  async ({ event, path }) => helpPage(site, event, path.page),
);
