/**
 * The public's three ways in, shared by the JSON routes and the web pages: start a petition,
 * support one from the creator's link, sign an open one. Each checks the petition, applies the
 * abuse limits (over them, the request is answered as usual and never counted) and takes the
 * signature. What the service then sends is bounded (shared/mail/caps.ts): over a cap, or to a
 * blocked address, the request is answered the same and nothing is stored or sent.
 */
import { getPetition, nextPetitionId, tableName } from "../db/petitions.ts";
import { NotFoundError, PetitionClosedError, SponsorsFullError } from "../errors.ts";
import { sponsorSignupWrite } from "../mail/caps.ts";
import { recordMetric } from "../metrics.ts";
import { screen } from "../signatures/limits.ts";
import type { signingContext } from "../signatures/request.ts";
import type { Signer } from "../signatures/schema.ts";
import { sign } from "../signatures/sign.ts";
import { sameToken } from "../signatures/tokens.ts";
import { createPetition } from "./create.ts";
import type { PetitionRecord } from "./model.ts";

export type SigningContext = Omit<ReturnType<typeof signingContext>, "signer">;

const VISIBLE = ["open", "closed", "rejected"];
const COLLECTING = ["pending", "validated", "sponsored"];

/** A petition the public may see, or 404. */
export async function visiblePetition(id: number): Promise<PetitionRecord> {
  const petition = await getPetition(id);
  if (!petition || !VISIBLE.includes(petition.state))
    throw new NotFoundError("No published petition has that id");
  return petition;
}

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

export async function signPetition(
  context: SigningContext,
  id: number,
  signer: Signer,
  ip: string,
  now: Date,
) {
  const petition = await visiblePetition(id);
  if (petition.state !== "open") throw new PetitionClosedError("This petition is not open for signatures");
  const screened = await screen("signer", petition.id, ip, signer.email, now, context.limits);
  if (screened === "blocked") return petition;
  await sign({
    petitionId: petition.id,
    action: petition.action,
    signer,
    kind: "signer",
    ip,
    fraudulent: screened === "fraudulent",
    ...signOptions(context, now),
  });
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
  if (!COLLECTING.includes(petition.state) || petition.sponsor_count >= context.maxSponsors) {
    throw new SponsorsFullError();
  }
  const screened = await screen("sponsor", petition.id, ip, signer.email, now, context.limits);
  if (screened === "blocked") return petition;
  await sign({
    petitionId: petition.id,
    action: petition.action,
    signer,
    kind: "sponsor",
    ip,
    fraudulent: screened === "fraudulent",
    ...signOptions(context, now),
    ...(context.maxSponsorSignups === undefined
      ? {}
      : { gates: [sponsorSignupWrite(tableName(), petition.id, context.maxSponsorSignups)] }),
  });
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
  if ((await screen("creator", 0, ip, creator.email, now, context.limits)) !== "ok") {
    recordMetric("SignatureShadowBanned");
    return { id: await nextPetitionId() };
  }
  const { id } = await createPetition({ text, creator, ip, ...signOptions(context, now) });
  return { id };
}
