/**
 * POST /petitions/{id}/signatures: sign an open petition. The answer is the same whether the
 * email is new, has signed before, or is over a limit; the email says which.
 */
import { getPetition } from "../../shared/db/petitions.ts";
import { NotFoundError, PetitionClosedError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { isAbusive } from "../../shared/signatures/limits.ts";
import { petitionIdPath, signingContext } from "../../shared/signatures/request.ts";
import { sign } from "../../shared/signatures/sign.ts";

const { config, data, limits, signer } = signingContext();

export const handler = httpRoute({ path: petitionIdPath, body: signer }, async ({ path, body, sourceIp }) => {
  const petition = await getPetition(path.id);
  if (!petition || !["open", "closed", "rejected"].includes(petition.state)) {
    throw new NotFoundError("No published petition has that id");
  }
  if (petition.state !== "open") throw new PetitionClosedError("This petition is not open for signatures");
  const now = new Date();
  const fraudulent = await isAbusive("signer", petition.id, sourceIp, body.email, now, limits);
  await sign({
    petitionId: petition.id,
    action: petition.action,
    signer: body,
    kind: "signer",
    ip: sourceIp,
    fraudulent,
    now,
    publicUrl: config.PUBLIC_URL,
    data,
    signerShards: config.SIGNER_INDEX_SHARDS,
    unconfirmedTtlDays: config.UNCONFIRMED_TTL_DAYS,
  });
  return json(202, { status: "confirmation_sent" }, { "cache-control": "no-store" });
});
