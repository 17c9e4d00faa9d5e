/** GET and POST /petitions/{id}/signatures/new: the signing form, then "check your email". */
import { loadConfig } from "../../shared/config.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { signPage } from "../../shared/web/pages/sign.ts";
import { signPageRoutes } from "./sign.contract.ts";

const { signer, ...context } = signingContext();
const site = loadConfig(["PUBLIC_URL", "SERVICE_NAME"]);
const pages = { site, context, signer };

export const handler = webRoutes(site, signPageRoutes, async ({ event, path, body, sourceIp }) =>
  signPage(pages, event, path.id, body, sourceIp),
);
