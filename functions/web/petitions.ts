/**
 * GET /petitions: all petitions by state, searchable and paged (the JSON list's query).
 * GET /archived/petitions: the archive's list page; GET /archived/petitions/{id}: one archived
 * petition, its page or (`.json`) e-petitions' archived petition JSON.
 */

import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { archivedPetition } from "../../shared/petitions/archive.ts";
import { splitFormat } from "../../shared/petitions/formats.ts";
import { petitionIdOf } from "../../shared/petitions/petition-id.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";
import { webRoute } from "../../shared/web/page.ts";
import { archivedListPage, archivedPetitionPage } from "../../shared/web/pages/archived.ts";
import { listPage } from "../../shared/web/pages/public.ts";
import { archivedPetitionRoute } from "../http/archived-petition.contract.ts";
import { archivedPetitionsPageRoute } from "./archived.contract.ts";
import { petitionsPageRoute } from "./petitions.contract.ts";

const site = functionConfig("PetitionsPage");

export const handler = withBanner(
  byRoute({
    "GET /petitions": webRoute(site, petitionsPageRoute, async ({ event, query }) =>
      listPage(site, event, query),
    ),
    "GET /archived/petitions": webRoute(site, archivedPetitionsPageRoute, async ({ event, query }) =>
      archivedListPage(site, event, query),
    ),
    // A malformed id from a browser reads as a page (`.json` addresses keep JSON).
    "GET /archived/petitions/{id}": httpRoute(
      { ...archivedPetitionRoute, pages: errorPagesFor(site) },
      async ({ path, event }) => {
        const { name, format } = splitFormat(path.id);
        const id = petitionIdOf(name);
        if (format === null) return archivedPetitionPage(site, event, id);
        if (format !== "json") throw new NotFoundError("Archived petitions are served as <id> or <id>.json");
        const found = await archivedPetition(id, site.PUBLIC_URL);
        if (!found) throw new NotFoundError("No archived petition has that id");
        return json(200, found);
      },
    ),
  }),
);
