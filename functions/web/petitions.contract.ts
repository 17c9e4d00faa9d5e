/** GET /petitions: the page's contract. */
import { anyQuery, pageRoute } from "../../shared/web/page-contract.ts";

export const petitionsPageRoute = pageRoute({
  route: "GET /petitions",
  summary: "Petitions, by facet and search",
  query: anyQuery,
});
