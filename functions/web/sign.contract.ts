/** GET and POST /petitions/{id}/signatures/new: the signing form's contracts. */
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";
import { formBody, pageRoute } from "../../shared/web/page-contract.ts";

const form = { path: petitionIdPath, body: formBody };

export const signPageRoutes = [
  pageRoute({ route: "GET /petitions/{id}/signatures/new", summary: "The signing form", ...form }),
  pageRoute({ route: "POST /petitions/{id}/signatures/new", summary: "Sends the signing form", ...form }),
] as const;
