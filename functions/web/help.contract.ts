/** GET /help and /help/{page}: the pages' contracts. */
import { pageRoute } from "../../shared/web/page-contract.ts";
import * as z from "../../shared/zod.ts";

const path = z.object({ page: z.optional(z.string()) });

export const helpRoutes = [
  pageRoute({ route: "GET /help", summary: "Help", path }),
  pageRoute({ route: "GET /help/{page}", summary: "One help page", path }),
] as const;
