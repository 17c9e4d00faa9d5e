/** GET and POST /petitions/new: the start-a-petition form's contracts. */
import { formBody, pageRoute } from "../../shared/web/page-contract.ts";

export const startPageRoutes = [
  pageRoute({ route: "GET /petitions/new", summary: "The start-a-petition form", body: formBody }),
  pageRoute({ route: "POST /petitions/new", summary: "Sends the start-a-petition form", body: formBody }),
] as const;
