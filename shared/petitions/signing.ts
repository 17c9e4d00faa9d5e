/**
 * The public's three ways in, shared by the JSON routes and the web pages: start a petition,
 * support one from the creator's link, sign an open one. Each checks the petition, applies the
 * abuse limits (over them, the request is answered as usual and never counted) and takes the
 * signature. What the service then sends is bounded (shared/mail/caps.ts): over a cap, or to a
 * blocked address, the request is answered the same and nothing is stored or sent.
 */

import { tableName } from "../db/client.ts";
import { ACCEPTING_SPONSORS, inState } from "../domain/petition-state.ts";
import { NotFoundError, PetitionClosedError, SponsorsFullError } from "../errors.ts";
import { sponsorSignupWrite } from "../mail/caps.ts";
import { recordMetric } from "../metrics.ts";
import { screen } from "../signatures/limits.ts";
import type { signingContext } from "../signatures/request.ts";
import { type SignRequest, sign } from "../signatures/sign.ts";
import type { Signer } from "../signatures/submitted-fields.ts";
import { sameToken } from "../signatures/tokens.ts";
import { createPetition } from "./create.ts";
import { getPetition, nextPetitionId } from "./items.ts";
import type { PetitionRecord } from "./model.ts";
import { recentPetition, takesSignatures } from "./petition-cache.ts";
import { publicOrThrow } from "./public.ts";

export type SigningContext = Omit<ReturnType<typeof signingContext>, "signer">;

/** A petition still collecting supporters whose sponsor token matches, or 404. */
export async function sponsorablePetition(id: number, token: string): Promise<PetitionRecord> {
  const petition = await getPetition(id, true);
  if (!petition || !sameToken(token, petition.sponsor_token)) {
    throw new NotFoundError("No petition is collecting supporters at this link");
  }
  return petition;
}

function signOptions(context: SigningContext, now: Date) {
  return {
    now,
    publicUrl: context.config.PUBLIC_URL,
    data: context.data,
    signerShards: context.config.SIGNER_INDEX_SHARDS,
    unconfirmedTtlDays: context.config.UNCONFIRMED_TTL_DAYS,
    caps: context.caps,
    stripPlusTag: context.config.EMAIL_STRIP_PLUS_TAG,
  };
}

/**
 * Screens a request against the abuse limits and block lists, then stores the signature: as
 * fraudulent when over a limit, and not at all when its address is blocked (answered the same).
 */
async function screenAndSign(
  context: SigningContext,
  petition: PetitionRecord,
  request: { kind: "signer" | "sponsor"; signer: Signer; ip: string; now: Date },
  extra: Pick<SignRequest, "gates"> = {},
): Promise<void> {
  const { kind, signer, ip, now } = request;
  const screened = await screen({
    kind,
    petitionId: petition.id,
    ip,
    email: signer.email,
    now,
    limits: context.limits,
  });
  if (screened === "blocked") return;
  await sign({
    petitionId: petition.id,
    action: petition.action,
    signer,
    kind,
    ip,
    fraudulent: screened === "fraudulent",
    ...signOptions(context, now),
    ...extra,
  });
}

export async function signPetition(
  context: SigningContext,
  id: number,
  signer: Signer,
  ip: string,
  now: Date,
) {
  // From this instance's cache (a few seconds old at most); the closing instant is checked exactly.
  const petition = publicOrThrow(await recentPetition(id, now));
  if (!takesSignatures(petition, now))
    throw new PetitionClosedError("This petition is not open for signatures");
  await screenAndSign(context, petition, { kind: "signer", signer, ip, now });
  return petition;
}

export async function supportPetition(
  context: SigningContext & { maxSponsors: number; maxSponsorSignups?: number },
  id: number,
  token: string,
  signer: Signer,
  ip: string,
  now: Date,
) {
  const petition = await sponsorablePetition(id, token);
  if (!inState(petition.state, ACCEPTING_SPONSORS) || petition.sponsor_count >= context.maxSponsors) {
    throw new SponsorsFullError();
  }
  await screenAndSign(
    context,
    petition,
    { kind: "sponsor", signer, ip, now },
    {
      ...(context.maxSponsorSignups === undefined
        ? {}
        : { gates: [sponsorSignupWrite(tableName(), petition.id, context.maxSponsorSignups)] }),
    },
  );
  return petition;
}

export async function startPetition(
  context: SigningContext,
  text: { action: string; background: string; additional_details: string | null },
  creator: Signer,
  ip: string,
  now: Date,
): Promise<{ id: number }> {
  // Over the creator limit, or from a blocked address, the petition is silently not saved, as
  // petition.parliament.uk does. The answer has the same shape either way, so it gives nothing away.
  if (
    (await screen({
      kind: "creator",
      petitionId: 0,
      ip,
      email: creator.email,
      now,
      limits: context.limits,
    })) !== "ok"
  ) {
    recordMetric("SignatureShadowBanned");
    return { id: await nextPetitionId() };
  }
  const { id } = await createPetition({ text, creator, ip, ...signOptions(context, now) });
  return { id };
}
