/** GET and POST /petitions/{id}/sponsors/new?token=: the supporters' form from the creator's link. */

import { functionConfig } from "../../shared/function-config.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { signingSettings, withSiteLimits } from "../../shared/site/gates.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { sponsorPage } from "../../shared/web/pages/sign.ts";
import { sponsorPageRoutes } from "./sponsor.contract.ts";

const site = functionConfig("SponsorPage");
const { signer, ...context } = signingContext(site);

export const handler = withBanner(
  webRoutes(site, sponsorPageRoutes, async ({ event, path, query, body, sourceIp }) => {
    const settings = await signingSettings(site);
    const pages = {
      site,
      context: withSiteLimits(context, settings),
      signer,
      maxSponsors: settings.max_sponsors,
      maxSponsorSignups: site.MAX_SPONSOR_SIGNUPS,
    };
    return sponsorPage(pages, event, path.id, query.token, body, sourceIp);
  }),
);
