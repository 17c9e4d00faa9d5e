/**
 * GET /constituencies.json, and the local petitions: GET /petitions/local?postcode= (the search,
 * leading to a constituency), GET /petitions/local/{slug} (open petitions signed there; `.json`,
 * `.csv`) and GET /petitions/local/{slug}/{view} (`all`: open and closed; `all.json`, `all.csv`).
 * The GetPetition function serves these routes through this handler (get-petition.ts).
 */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { localSearchQuery } from "../../shared/petitions/local-schemas.ts";
import { errorPageFor } from "../../shared/web/error-pages.ts";
import {
  constituenciesAnswer,
  type LocalFormat,
  localPetitionsAnswer,
  localSearchPage,
  parseSlug,
} from "../../shared/web/pages/local.ts";

const site = loadConfig(["TABLE_NAME", "PUBLIC_URL", "SERVICE_NAME", "DATA_DIR"]);

// One schema for every route of the function: the slug and view are checked below, so a wrong
// one reads "not found", as any other address that is not a page.
const path = z.object({ slug: z.string().optional(), view: z.string().optional() });

const ALL_FORMATS: Record<string, LocalFormat> = { all: "html", "all.json": "json", "all.csv": "csv" };

export const handler = httpRoute(
  { path, query: localSearchQuery, pages: errorPageFor },
  async ({ event, path, query }) => {
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
