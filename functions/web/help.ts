/** GET /help and /help/{page}: how petitions work, standards, privacy, accessibility, cookies. */
import { z } from "zod";
import { functionConfig } from "../../shared/function-config.ts";
import { webRoute } from "../../shared/web/page.ts";
import { helpPage } from "../../shared/web/pages/public.ts";

const site = functionConfig("HelpPages");

export const handler = webRoute(
  site,
  { path: z.object({ page: z.string().optional() }) },
  async ({ event, path }) => helpPage(site, event, path.page),
);
