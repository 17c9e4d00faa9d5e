/** GET /: the page's contract. */
import { pageRoute } from "../../shared/web/page-contract.ts";

export const homeRoute = pageRoute({ route: "GET /", summary: "The home page" });
