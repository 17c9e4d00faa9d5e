/** GET and POST /petitions/{id}/sponsors/new?token=: the supporters' form from the creator's link. */

import { functionConfig } from "../../shared/function-config.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { sponsorPage } from "../../shared/web/pages/sign.ts";
import { sponsorPageRoutes } from "./sponsor.contract.ts";

const site = functionConfig("SponsorPage");
const { signer, ...context } = signingContext(site);
const pages = {
  site,
  context,
  signer,
  maxSponsors: site.MAX_SPONSORS,
  maxSponsorSignups: site.MAX_SPONSOR_SIGNUPS,
};

export const handler = webRoutes(site, sponsorPageRoutes, async ({ event, path, query, body, sourceIp }) =>
  sponsorPage(pages, event, path.id, query.token, body, sourceIp),
);
