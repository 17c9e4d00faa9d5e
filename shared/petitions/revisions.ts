/**
 * Revised government responses. When the Petitions Committee finds a response does not address
 * the petition's request, it asks the government for a revised one (petition 738484 on
 * petition.parliament.uk). The revised response becomes the petition's response, marked with the
 * committee's request; the original stays on the petition, as e-petitions keeps it: an entry of
 * other parliamentary business dated the day the government first responded.
 */
import { oneLineString } from "../domain/one-line.ts";
import { StateConflictError } from "../errors.ts";
import * as z from "../zod.ts";
import type { GovernmentResponse, OtherBusiness, PetitionRecord } from "./model.ts";

export const revisionSchema = z.object({
  requested_on: z.iso.date("Use a date like 2026-03-31"),
  reason: oneLineString("reason").check(
    z.trim(),
    z.minLength(1, "Say why the Petitions Committee asked for a revised response"),
    z.maxLength(500, "The reason must be 500 characters or fewer"),
  ),
});

/** What the response form or route gives. */
export interface ResponseInput {
  responded_on: string;
  summary: string;
  details: string;
  revision?: z.output<typeof revisionSchema> | undefined;
}

export const ORIGINAL_RESPONSE_SUBJECT = "The government's original response";

export const NEEDS_REVISION =
  "This petition already has a government response: a revised response must say when the Petitions Committee asked for it and why (revision.requested_on, revision.reason)";

/** The original response as the other parliamentary business entry that keeps it. */
export function originalAsBusiness(original: GovernmentResponse, at: string): OtherBusiness {
  return {
    subject: ORIGINAL_RESPONSE_SUBJECT,
    body: [original.summary, original.details].filter((part) => part.trim() !== "").join("\n\n"),
    occurred_on: original.responded_on,
    created_at: at,
    updated_at: at,
  };
}

/**
 * The petition's response after `input`: the first response as given; a later one only with the
 * committee's request (else 409, nothing written), the one it replaces kept as other business.
 * Also what the signers' email adds about the revision.
 */
export function revisedResponse(
  current: PetitionRecord,
  input: ResponseInput,
  at: string,
): {
  set: Pick<PetitionRecord, "government_response"> & Partial<Pick<PetitionRecord, "other_business">>;
  data: { revision?: { requested_on: string; reason: string } };
} {
  const original = current.government_response;
  if (original && !input.revision) throw new StateConflictError(NEEDS_REVISION);
  const response: GovernmentResponse = {
    responded_on: input.responded_on,
    summary: input.summary,
    details: input.details,
    created_at: original?.created_at ?? at,
    updated_at: at,
  };
  if (!original || !input.revision) return { set: { government_response: response }, data: {} };
  const revision = { requested_on: input.revision.requested_on, reason: input.revision.reason };
  return {
    set: {
      government_response: { ...response, revision },
      other_business: [...(current.other_business ?? []), originalAsBusiness(original, at)],
    },
    data: { revision },
  };
}
