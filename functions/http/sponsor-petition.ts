/**
 * POST /petitions/{id}/sponsors?token=: support a petition from the creator's link. A wrong
 * token is a 404 like an unknown petition; a full petition refuses clearly.
 */
import { loadConfig } from "../../shared/config.ts";
import { getPetition } from "../../shared/db/petitions.ts";
import { NotFoundError, SponsorsFullError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { isAbusive } from "../../shared/signatures/limits.ts";
import { petitionIdPath, signingContext, tokenQuery } from "../../shared/signatures/request.ts";
import { sign } from "../../shared/signatures/sign.ts";
import { sameToken } from "../../shared/signatures/tokens.ts";

const { config, data, limits, signer } = signingContext();
const { MAX_SPONSORS } = loadConfig(["MAX_SPONSORS"]);
const COLLECTING = ["pending", "validated", "sponsored"];

export const handler = httpRoute(
  { path: petitionIdPath, query: tokenQuery, body: signer },
  async ({ path, query, body, sourceIp }) => {
    const petition = await getPetition(path.id, true);
    if (!petition || !sameToken(query.token, petition.sponsor_token)) {
      throw new NotFoundError("No petition is collecting supporters at this link");
    }
    if (!COLLECTING.includes(petition.state) || petition.sponsor_count >= MAX_SPONSORS)
      throw new SponsorsFullError();
    const now = new Date();
    const fraudulent = await isAbusive("sponsor", petition.id, sourceIp, body.email, now, limits);
    await sign({
      petitionId: petition.id,
      action: petition.action,
      signer: body,
      kind: "sponsor",
      ip: sourceIp,
      fraudulent,
      now,
      publicUrl: config.PUBLIC_URL,
      data,
      signerShards: config.SIGNER_INDEX_SHARDS,
      unconfirmedTtlDays: config.UNCONFIRMED_TTL_DAYS,
    });
    return json(202, { status: "confirmation_sent" }, { "cache-control": "no-store" });
  },
);
