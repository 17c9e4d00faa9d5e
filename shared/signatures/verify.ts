/**
 * Confirming a signature by its emailed link. Idempotent: a second click, or a mail scanner
 * opening the link first, changes nothing and gets the same answer. A shadow-banned signature
 * gets the same answer too and is never counted.
 *
 * A member of the public's link (its token minted, shared/signatures/tokens.ts) takes one call:
 * the token is checked without a read, the petition comes from the instance's cache, and one
 * conditional update confirms the signature and returns it, or returns it as it was when its
 * condition fails (already confirmed, shadow-banned, expired, or a token it does not hold).
 * A creator's and a supporter's links (each moves the petition on or emails its creator), a link
 * minted before tokens carried their HMAC, and a petition that no longer takes confirmations read
 * the signature first.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { db } from "../db/client.ts";
import { inState, UNDECIDED } from "../domain/petition-state.ts";
import { NotFoundError, PetitionClosedError, StateConflictError } from "../errors.ts";
import { recordMetric } from "../metrics.ts";
import { getPetition } from "../petitions/items.ts";
import type { PetitionRecord } from "../petitions/model.ts";
import { isModerationDelayed } from "../petitions/moderation-delay.ts";
import { recentPetition } from "../petitions/petition-cache.ts";
import { transition } from "../petitions/store.ts";
import { petitionOfSignatureId, type SignatureKind, type SignatureRecord } from "./model.ts";
import { confirmUpdate, getSignature } from "./store.ts";
import { confirmSupporter } from "./supported.ts";
import { hashToken, readToken, tokenMatches } from "./tokens.ts";

/** Signatures still count when confirmed up to a day after the petition closed. */
const GRACE_MS = 24 * 3600 * 1000;

export interface Confirmation {
  signature: SignatureRecord;
  petition: PetitionRecord;
  /** For the creator: the link to send to supporters. */
  sponsorUrl?: string;
}

export const sponsorUrl = (publicUrl: string, petition: Pick<PetitionRecord, "id" | "sponsor_token">) =>
  `${publicUrl}/petitions/${petition.id}/sponsors/new?token=${petition.sponsor_token}`;

const isExpired = (signature: Pick<SignatureRecord, "expiresAt">, now: Date) =>
  signature.expiresAt !== undefined && signature.expiresAt * 1000 <= now.getTime();

function acceptsConfirmation(
  signature: { kind: SignatureKind },
  petition: PetitionRecord,
  now: Date,
): boolean {
  if (signature.kind !== "signer") return inState(petition.state, [...UNDECIDED, "open"]);
  if (petition.state === "open") return true;
  if (petition.state === "closed" && petition.closed_at)
    return now.getTime() - Date.parse(petition.closed_at) <= GRACE_MS;
  return false;
}

const answerWith =
  (publicUrl: string) =>
  (s: SignatureRecord, p: PetitionRecord): Confirmation => ({
    signature: s,
    petition: p,
    ...(s.kind === "creator" ? { sponsorUrl: sponsorUrl(publicUrl, p) } : {}),
  });

/** The site settings a confirmation reads (none given: neither email below is sent). */
export interface ConfirmationThresholds {
  /** The supporters a petition needs; with it, a supporter's confirmation emails the creator. */
  moderation?: number;
  /** The moderation queue's length from which the creator's email is the "with delay" one. */
  delay?: number;
}

export async function confirmSignature(
  id: string,
  token: string,
  now: Date,
  publicUrl: string,
  thresholds: ConfirmationThresholds = {},
): Promise<Confirmation> {
  const claim = readToken(id, token);
  const petitionId = petitionOfSignatureId(id);
  if (claim === "forged" || petitionId === null) throw new NotFoundError("This link is not valid");
  // A creator's and a supporter's confirmations move the petition on and email its creator.
  if (claim === "legacy" || claim.kind !== "signer")
    return confirmByReading(id, token, now, publicUrl, thresholds);
  const answer = answerWith(publicUrl);
  const petition = await recentPetition(petitionId, now);
  if (!petition) throw new NotFoundError("This link is not valid");
  if (!acceptsConfirmation(claim, petition, now)) {
    // Only an already settled signature is answered now; a pending one is too late.
    const signature = await getSignature(id);
    if (!signature || !tokenMatches(token, signature.token_hashes))
      throw new NotFoundError("This link is not valid");
    if (signature.state !== "pending") return answer(signature, petition);
    throw new PetitionClosedError("This petition is no longer collecting signatures");
  }
  const { Update } = confirmUpdate(id, now);
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        ...Update,
        // Not past its time either: DynamoDB's TTL deletes an expired item only within days.
        ConditionExpression:
          "#state = :pending AND contains(token_hashes, :hash) AND (attribute_not_exists(expiresAt) OR expiresAt > :seconds)",
        ExpressionAttributeValues: {
          ...Update.ExpressionAttributeValues,
          ":hash": hashToken(token),
          ":seconds": Math.floor(now.getTime() / 1000),
        },
        ReturnValues: "ALL_NEW",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    recordMetric("SignatureConfirmed");
    return answer(Attributes as SignatureRecord, petition);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // The signature as it was: confirmed a moment earlier, shadow-banned, or not this token's.
    const was = error.Item ? (unmarshall(error.Item) as SignatureRecord) : await getSignature(id);
    if (!was || !tokenMatches(token, was.token_hashes)) throw new NotFoundError("This link is not valid");
    if (was.state === "pending") {
      if (isExpired(was, now)) throw new NotFoundError("This link is not valid");
      throw error;
    }
    return answer(was, petition);
  }
}

/** The path that reads the signature and the petition first (see the module's comment). */
async function confirmByReading(
  id: string,
  token: string,
  now: Date,
  publicUrl: string,
  { moderation: moderationThreshold, delay: delayThreshold }: ConfirmationThresholds,
): Promise<Confirmation> {
  const signature = await getSignature(id);
  // A wrong token and an unknown signature look the same from outside.
  if (!signature || !tokenMatches(token, signature.token_hashes))
    throw new NotFoundError("This link is not valid");
  // An unconfirmed signature past its time has expired, whether or not the table's TTL has
  // deleted it yet: DynamoDB deletes expired items within days, and reads return them until then.
  if (signature.state === "pending" && isExpired(signature, now))
    throw new NotFoundError("This link is not valid");
  const petition = await getPetition(signature.petition_id, true);
  if (!petition) throw new NotFoundError("This link is not valid");
  const answer = answerWith(publicUrl);
  if (signature.state !== "pending") return answer(signature, petition);
  if (!acceptsConfirmation(signature, petition, now))
    throw new PetitionClosedError("This petition is no longer collecting signatures");

  try {
    if (signature.kind === "creator" && petition.state === "pending") {
      const delayed =
        delayThreshold !== undefined &&
        (await isModerationDelayed({ threshold_for_moderation_delay: delayThreshold }));
      // The creator's confirmation validates the petition and sends the supporter link, together.
      const next = await transition(petition.id, "validate", now, (current) => ({
        extra: [confirmUpdate(id, now)],
        mail: [
          {
            template: "gather_sponsors",
            to: signature.email,
            petitionId: current.id,
            data: {
              petition_id: current.id,
              action: current.action,
              name: signature.name,
              link: sponsorUrl(publicUrl, current),
              ...(delayed ? { delayed: true } : {}),
            },
          },
        ],
      }));
      recordMetric("SignatureConfirmed");
      return answer({ ...signature, state: "validated", validated_at: now.toISOString() }, next);
    }
    if (signature.kind === "sponsor") await confirmSupporter(id, petition, moderationThreshold, now);
    else await db.send(new TransactWriteCommand({ TransactItems: [confirmUpdate(id, now)] }));
    recordMetric("SignatureConfirmed");
  } catch (error) {
    // Someone confirmed it a moment earlier: the same outcome.
    const lostRace =
      error instanceof ConditionalCheckFailedException ||
      error instanceof StateConflictError ||
      (error instanceof TransactionCanceledException &&
        error.CancellationReasons?.some((r) => r.Code === "ConditionalCheckFailed"));
    if (!lostRace) throw error;
    const fresh = await getSignature(id);
    if (fresh?.state !== "validated") throw error;
    return answer(fresh, (await getPetition(signature.petition_id, true)) ?? petition);
  }
  return answer({ ...signature, state: "validated", validated_at: now.toISOString() }, petition);
}
