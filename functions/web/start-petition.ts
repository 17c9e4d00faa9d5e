/** GET and POST /petitions/new: start a petition, one question a page, then check and submit. */
import { loadConfig } from "../../shared/config.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { formBody, webRoute } from "../../shared/web/page.ts";
import { startPage } from "../../shared/web/pages/start.ts";

const { signer, ...context } = signingContext();
const site = loadConfig(["PUBLIC_URL", "SERVICE_NAME", "THRESHOLD_FOR_MODERATION"]);
const pages = { site, context, signer };

export const handler = webRoute(site, { body: formBody }, async ({ event, body, sourceIp }) =>
  startPage(pages, event, body, sourceIp),
);
