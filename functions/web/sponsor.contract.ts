/** GET and POST /petitions/{id}/sponsors/new?token=: the supporters' form's contracts. */
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";
import { tokenQuery } from "../../shared/signatures/request.ts";
import { formBody, pageRoute } from "../../shared/web/page-contract.ts";

const form = { path: petitionIdPath, query: tokenQuery, body: formBody, link: true };

export const sponsorPageRoutes = [
  pageRoute({ route: "GET /petitions/{id}/sponsors/new", summary: "The supporter form", ...form }),
  pageRoute({ route: "POST /petitions/{id}/sponsors/new", summary: "Sends the supporter form", ...form }),
] as const;
