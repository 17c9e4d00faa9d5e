/**
 * GET /constituencies.json, and the local petitions: GET /petitions/local?postcode= (the search,
 * leading to a constituency), GET /petitions/local/{slug} (open petitions signed there; `.json`,
 * `.csv`) and GET /petitions/local/{slug}/{view} (`all`: open and closed; `all.json`, `all.csv`).
 * The GetPetition function serves these routes through this handler (get-petition.ts).
 */
import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoutes } from "../../shared/http/handler.ts";
import type { HttpResult } from "../../shared/http/responses.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";
import {
  constituenciesAnswer,
  type LocalFormat,
  localPetitionsAnswer,
  localSearchPage,
  parseSlug,
} from "../../shared/web/pages/local.ts";

import { localRoutes } from "./local-petitions.contract.ts";

const site = functionConfig("GetPetition");

const ALL_FORMATS: Record<string, LocalFormat> = { all: "html", "all.json": "json", "all.csv": "csv" };

export const handler = httpRoutes(
  localRoutes.map((route) => ({ ...route, pages: errorPagesFor(site) })),
  async ({ event, path, query }): Promise<HttpResult> => {
    // HEAD routes run as GET; their route key names HEAD on API Gateway.
    const route = event.routeKey.replace(/^\S+ /, "");
    if (route === "/constituencies.json") return constituenciesAnswer(site);
    if (route === "/petitions/local") return localSearchPage(site, event, query.postcode);
    const parsed = parseSlug(path.slug ?? "");
    const all =
      path.view === undefined
        ? undefined
        : Object.hasOwn(ALL_FORMATS, path.view)
          ? ALL_FORMATS[path.view]
          : null;
    if (!parsed || all === null || (all && parsed.format !== "html"))
      throw new NotFoundError("No constituency has that name");
    return localPetitionsAnswer(site, event, parsed.slug, all ?? parsed.format, all ? "all" : "open");
  },
);
