/**
 * Starting a petition: the petition (pending), the creator's own pending signature and the
 * "confirm your email" message land in one transaction, or nothing does.
 */
import { tableName } from "../db/client.ts";
import { type SignRequest, sign } from "../signatures/sign.ts";
import type { Signer } from "../signatures/submitted-fields.ts";
import { newToken } from "../signatures/tokens.ts";
import { nextPetitionId } from "./items.ts";
import type { PetitionRecord } from "./model.ts";
import { petitionItem, type StoredPetition, tallyUpdate } from "./store.ts";

/** A new petition: its text, its creator, and what signing the creator's own signature needs. */
export interface CreateRequest
  extends Pick<
    SignRequest,
    "ip" | "now" | "publicUrl" | "data" | "signerShards" | "unconfirmedTtlDays" | "caps"
  > {
  text: { action: string; background: string; additional_details: string | null };
  creator: Signer;
}

export function newPetition(
  id: number,
  request: CreateRequest,
  creatorSignatureId: string,
  sponsorToken: string,
): StoredPetition {
  const now = request.now.toISOString();
  const record: PetitionRecord = {
    entity: "PETITION",
    id,
    action: request.text.action,
    background: request.text.background,
    additional_details: request.text.additional_details,
    state: "pending",
    creator_name: request.creator.name,
    creator_signature_id: creatorSignatureId,
    sponsor_token: sponsorToken,
    signature_count: 0,
    sponsor_count: 0,
    by_country: {},
    by_constituency: {},
    by_region: {},
    created_at: now,
    updated_at: now,
    response_state: "pending",
    debate_state: "pending",
    moderation_log: [],
  };
  return { ...record, version: 1 };
}

export async function createPetition(request: CreateRequest): Promise<{ id: number; sponsorToken: string }> {
  const id = await nextPetitionId();
  const table = tableName();
  const sponsorToken = newToken();
  // The creator's signature id is known before the write: slot 1 of a new petition.
  let petition: StoredPetition | null = null;
  const outcome = await sign({
    petitionId: id,
    action: request.text.action,
    // Creators always hear about their own petition.
    signer: { ...request.creator, notify_by_email: true },
    kind: "creator",
    ip: request.ip,
    fraudulent: false,
    now: request.now,
    publicUrl: request.publicUrl,
    data: request.data,
    signerShards: request.signerShards,
    unconfirmedTtlDays: request.unconfirmedTtlDays,
    caps: request.caps,
    prepare: (signatureId: string) => {
      petition = newPetition(id, request, signatureId, sponsorToken);
      const tally = tallyUpdate(null, "pending", table);
      return [
        {
          Put: {
            TableName: table,
            Item: petitionItem(petition),
            ConditionExpression: "attribute_not_exists(PK)",
          },
        },
        ...(tally ? [tally] : []),
      ];
    },
  });
  // Over a cap on what the service sends the creator's address, nothing was saved: the answer
  // is the same as when it is, like a creator over the rate limit.
  if (outcome.kind === "capped") return { id, sponsorToken };
  if (outcome.kind !== "new" || !petition) throw new Error("A new petition's creator signature was not new");
  return { id, sponsorToken };
}
