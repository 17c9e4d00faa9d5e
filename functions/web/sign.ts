/** GET and POST /petitions/{id}/signatures/new: the signing form, then "check your email". */

import { functionConfig } from "../../shared/function-config.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { signingSettings, withSiteLimits } from "../../shared/site/gates.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { signPage } from "../../shared/web/pages/sign.ts";
import { signPageRoutes } from "./sign.contract.ts";

const site = functionConfig("SignPage");
const { signer, ...context } = signingContext(site);

export const handler = withBanner(
  webRoutes(site, signPageRoutes, async ({ event, path, body, sourceIp }) => {
    const settings = await signingSettings(site);
    return signPage(
      {
        site,
        context: withSiteLimits(context, settings),
        signer,
      },
      event,
      path.id,
      body,
      sourceIp,
    );
  }),
);
