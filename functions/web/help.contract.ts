/** GET /help and /help/{page}: the pages' contracts. */
import * as z from "zod";
import { pageRoute } from "../../shared/web/page-contract.ts";

const path = z.object({ page: z.string().optional() });

export const helpRoutes = [
  pageRoute({ route: "GET /help", summary: "Help", path }),
  pageRoute({ route: "GET /help/{page}", summary: "One help page", path }),
] as const;
