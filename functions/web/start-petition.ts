/** GET and POST /petitions/new: start a petition, one question a page, then check and submit. */
import { functionConfig } from "../../shared/function-config.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { startPage } from "../../shared/web/pages/start.ts";
import { startPageRoutes } from "./start-petition.contract.ts";

const site = functionConfig("StartPetitionPage");
const { signer, ...context } = signingContext(site);
const pages = { site, context, signer };

export const handler = webRoutes(site, startPageRoutes, async ({ event, body, sourceIp }) =>
  startPage(pages, event, body, sourceIp),
);
