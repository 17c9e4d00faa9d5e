/** GET and POST /petitions/{id}/signatures/new: the signing form, then "check your email". */

import { functionConfig } from "../../shared/function-config.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { signPage } from "../../shared/web/pages/sign.ts";
import { signPageRoutes } from "./sign.contract.ts";

const site = functionConfig("SignPage");
const { signer, ...context } = signingContext(site);
const pages = { site, context, signer };

export const handler = webRoutes(site, signPageRoutes, async ({ event, path, body, sourceIp }) =>
  signPage(pages, event, path.id, body, sourceIp),
);
