/**
 * POST /petitions/{id}/sponsors?token=: support a petition from the creator's link. A wrong
 * token is a 404 like an unknown petition; a full petition refuses clearly.
 */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { supportPetition } from "../../shared/petitions/signing.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { signingSettings, withSiteLimits } from "../../shared/site/gates.ts";
import { sponsorPetitionRoute } from "./sponsor-petition.contract.ts";

const config = functionConfig("SponsorPetition");
const { signer, ...context } = signingContext(config);
const { MAX_SPONSOR_SIGNUPS } = config;

export const handler = httpRoute(sponsorPetitionRoute(signer), async ({ path, query, body, sourceIp }) => {
  const site = await signingSettings(config);
  await supportPetition(
    {
      ...withSiteLimits(context, site),
      maxSponsors: site.max_sponsors,
      maxSponsorSignups: MAX_SPONSOR_SIGNUPS,
    },
    path.id,
    query.token,
    body,
    sourceIp,
    new Date(),
  );
  return json(202, { status: "confirmation_sent" }, { "cache-control": "no-store" });
});
