/** POST /petitions: start a petition; the creator confirms by email before supporters can sign. */
import { z } from "zod";
import { nextPetitionId } from "../../shared/db/petitions.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { createPetition } from "../../shared/petitions/create.ts";
import { isAbusive } from "../../shared/signatures/limits.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { petitionTextSchema } from "../../shared/signatures/schema.ts";

const { config, data, limits, signer } = signingContext();
const body = z.intersection(petitionTextSchema, signer);

export const handler = httpRoute({ body }, async ({ body, sourceIp }) => {
  const now = new Date();
  const { action, background, additional_details, ...creator } = body;
  // Over the creator limit the petition is silently not saved, as petition.parliament.uk does.
  // The answer has the same shape either way, so it gives nothing away.
  if (await isAbusive("creator", 0, sourceIp, creator.email, now, limits)) {
    return json(202, { id: await nextPetitionId(), state: "pending", status: "confirmation_sent" });
  }
  const { id } = await createPetition({
    text: { action, background, additional_details },
    creator,
    ip: sourceIp,
    now,
    publicUrl: config.PUBLIC_URL,
    data,
    signerShards: config.SIGNER_INDEX_SHARDS,
    unconfirmedTtlDays: config.UNCONFIRMED_TTL_DAYS,
  });
  return json(202, { id, state: "pending", status: "confirmation_sent" });
});
