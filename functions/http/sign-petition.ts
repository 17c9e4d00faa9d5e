/**
 * POST /petitions/{id}/signatures: sign an open petition. The answer is the same whether the
 * email is new, has signed before, or is over a limit; the email says which.
 */

import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute, type RouteDependencies } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { signPetition } from "../../shared/petitions/signing.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { signingSettings, withSiteLimits } from "../../shared/site/gates.ts";
import { signPetitionRoute } from "./sign-petition.contract.ts";

const config = functionConfig("SignPetition");
const { signer, ...context } = signingContext(config);

/** The route built with what it reads from outside (tests give their own origin secret). */
export const signPetitionHandler = (dependencies?: RouteDependencies) =>
  httpRoute(
    signPetitionRoute(signer),
    async ({ path, body, sourceIp }) => {
      const site = await signingSettings(config);
      await signPetition(withSiteLimits(context, site), path.id, body, sourceIp, new Date());
      return json(202, { status: "confirmation_sent" }, { "cache-control": "no-store" });
    },
    dependencies,
  );

export const handler = signPetitionHandler();
