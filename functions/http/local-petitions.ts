/**
 * GET /constituencies.json, and the local petitions: GET /petitions/local?postcode= (the search,
 * leading to a constituency), GET /petitions/local/{slug} (open petitions signed there; `.json`,
 * `.csv`) and GET /petitions/local/{slug}/all (open and closed; `/all.json`, `/all.csv`).
 */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { localSearchQuery } from "../../shared/petitions/local-schemas.ts";
import { errorPageFor } from "../../shared/web/error-pages.ts";
import {
  constituenciesAnswer,
  localPetitionsAnswer,
  localSearchPage,
  parseSlug,
} from "../../shared/web/pages/local.ts";

const site = loadConfig(["TABLE_NAME", "PUBLIC_URL", "SERVICE_NAME", "DATA_DIR"]);

// One schema for every route of the function: the slug is checked by parseSlug below.
const path = z.object({ slug: z.string().optional() });

const ALL_FORMATS = { all: "html", "all.json": "json", "all.csv": "csv" } as const;

export const handler = httpRoute(
  { path, query: localSearchQuery, pages: errorPageFor },
  async ({ event, path, query }) => {
    // HEAD routes run as GET; their route key names HEAD on API Gateway.
    const route = event.routeKey.replace(/^\S+ /, "");
    if (route === "/constituencies.json") return constituenciesAnswer(site);
    if (route === "/petitions/local") return localSearchPage(site, event, query.postcode);
    const last = route.split("/").at(-1) ?? "";
    const all = ALL_FORMATS[last as keyof typeof ALL_FORMATS];
    const parsed = parseSlug(path.slug ?? "");
    if (!parsed || (all && parsed.format !== "html"))
      throw new NotFoundError("No constituency has that name");
    return localPetitionsAnswer(site, event, parsed.slug, all ?? parsed.format, all ? "all" : "open");
  },
);
