/** POST /petitions: start a petition; the creator confirms by email before supporters can sign. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { startPetition } from "../../shared/petitions/signing.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { creationSettings, withSiteLimits } from "../../shared/site/gates.ts";
import { createPetitionRoute } from "./create-petition.contract.ts";

const config = functionConfig("CreatePetition");
const { signer, ...context } = signingContext(config);

export const handler = httpRoute(createPetitionRoute(signer), async ({ body, sourceIp }) => {
  const { action, background, additional_details, ...creator } = body;
  const site = await creationSettings(config);
  const { id } = await startPetition(
    withSiteLimits(context, site),
    { action, background, additional_details },
    creator,
    sourceIp,
    new Date(),
  );
  return json(202, { id, state: "pending", status: "confirmation_sent" });
});
