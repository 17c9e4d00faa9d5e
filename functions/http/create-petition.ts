/** POST /petitions: start a petition; the creator confirms by email before supporters can sign. */
import { z } from "zod";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { startPetition } from "../../shared/petitions/signing.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { petitionTextSchema } from "../../shared/signatures/submitted-fields.ts";

const { signer, ...context } = signingContext();
const body = z.intersection(petitionTextSchema, signer);

export const handler = httpRoute({ body }, async ({ body, sourceIp }) => {
  const { action, background, additional_details, ...creator } = body;
  const { id } = await startPetition(
    context,
    { action, background, additional_details },
    creator,
    sourceIp,
    new Date(),
  );
  return json(202, { id, state: "pending", status: "confirmation_sent" });
});
