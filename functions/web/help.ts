/** GET /help and /help/{page}: how petitions work, standards, privacy, accessibility, cookies. */

import { functionConfig } from "../../shared/function-config.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { helpPage } from "../../shared/web/pages/public.ts";
import { helpRoutes } from "./help.contract.ts";

const site = functionConfig("HelpPages");

export const handler = withBanner(
  webRoutes(site, helpRoutes, async ({ event, path }) => helpPage(site, event, path.page)),
);
