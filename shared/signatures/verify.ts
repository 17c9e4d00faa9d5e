/**
 * Confirming a signature by its emailed link. Idempotent: a second click, or a mail scanner
 * opening the link first, changes nothing and gets the same answer. A shadow-banned signature
 * gets the same answer too and is never counted.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client.ts";
import { inState, UNDECIDED } from "../domain/petition-state.ts";
import { NotFoundError, PetitionClosedError, StateConflictError } from "../errors.ts";
import { recordMetric } from "../metrics.ts";
import { getPetition } from "../petitions/items.ts";
import type { PetitionRecord } from "../petitions/model.ts";
import { isModerationDelayed } from "../petitions/moderation-delay.ts";
import { transition } from "../petitions/store.ts";
import type { SignatureRecord } from "./model.ts";
import { confirmUpdate, getSignature } from "./store.ts";
import { confirmSupporter } from "./supported.ts";
import { tokenMatches } from "./tokens.ts";

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

const isExpired = (signature: SignatureRecord, now: Date) =>
  signature.expiresAt !== undefined && signature.expiresAt * 1000 <= now.getTime();

function acceptsConfirmation(signature: SignatureRecord, petition: PetitionRecord, now: Date): boolean {
  if (signature.kind !== "signer") return inState(petition.state, [...UNDECIDED, "open"]);
  if (petition.state === "open") return true;
  if (petition.state === "closed" && petition.closed_at)
    return now.getTime() - Date.parse(petition.closed_at) <= GRACE_MS;
  return false;
}

export async function confirmSignature(
  id: string,
  token: string,
  now: Date,
  publicUrl: string,
  /** The supporters a petition needs; with it, a supporter's confirmation emails the creator. */
  moderationThreshold?: number,
  /** The moderation queue's length from which the creator's email is the "with delay" one (none: never). */
  delayThreshold?: number,
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
  const answer = (s: SignatureRecord, p: PetitionRecord): Confirmation => ({
    signature: s,
    petition: p,
    ...(s.kind === "creator" ? { sponsorUrl: sponsorUrl(publicUrl, p) } : {}),
  });
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
