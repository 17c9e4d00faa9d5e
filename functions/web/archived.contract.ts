/** GET /archived/petitions: the archive's list page's contract. */
import { anyQuery, pageRoute } from "../../shared/web/page-contract.ts";

export const archivedPetitionsPageRoute = pageRoute({
  route: "GET /archived/petitions",
  summary: "A dissolved parliament's petitions, by state and search (parliament, state, q, page)",
  query: anyQuery,
});
