/**
 * Other parliamentary business about a published petition (e-petitions' Petition::Email: a
 * subject, a markdown body and the day it happened), optionally emailed to every subscribed
 * signer; and the Petitions Committee's note shown with the petition.
 */
import { oneLineString } from "../domain/one-line.ts";
import { VISIBLE_STATES } from "../domain/petition-state.ts";
import type { Staff } from "../domain/staff.ts";
import * as z from "../zod.ts";
import type { OtherBusiness, PetitionRecord } from "./model.ts";
import { type MassMailSettings, updatePublished } from "./responses.ts";
import { amend } from "./store.ts";

export const otherBusinessSchema = z.object({
  subject: oneLineString("subject").check(
    z.trim(),
    z.minLength(1, "Enter a subject"),
    z.maxLength(150, "The subject must be 150 characters or fewer"),
  ),
  body: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Enter the body"),
      z.maxLength(6000, "The body must be 6,000 characters or fewer"),
    ),
  occurred_on: z.iso.date("Use a date like 2026-03-31"),
  email_signers: z._default(z.boolean(), false),
});

export const committeeNoteSchema = z.object({
  committee_note: z.pipe(
    z.nullable(
      z
        .string({ error: "Give the committee note, or null or an empty one to remove it" })
        .check(z.trim(), z.maxLength(800, "The committee note must be 800 characters or fewer")),
    ),
    z.transform((note) => (note ? note : null)),
  ),
});

export function addOtherBusiness(
  id: number,
  input: z.output<typeof otherBusinessSchema>,
  staff: Staff,
  now: Date,
  settings: MassMailSettings,
) {
  return updatePublished(id, "other_business", input.email_signers, staff, now, settings, (current, at) => {
    const item: OtherBusiness = {
      subject: input.subject,
      body: input.body,
      occurred_on: input.occurred_on,
      created_at: at,
      updated_at: at,
    };
    return {
      set: { other_business: [...(current.other_business ?? []), item] },
      template: "other_business",
      data: { subject: input.subject, body: input.body, occurred_on: input.occurred_on },
    };
  });
}

/** Sets (or, with null, clears) the committee's note; recorded with who did it and when. */
export async function setCommitteeNote(
  id: number,
  input: z.output<typeof committeeNoteSchema>,
  staff: Staff,
  now: Date,
): Promise<{ petition: PetitionRecord; jobId: null }> {
  const petition = await amend(id, VISIBLE_STATES, now, (current) => ({
    set: {
      committee_note: input.committee_note,
      moderation_log: [
        ...current.moderation_log,
        { action: "committee_note", staff_id: staff.id, at: now.toISOString() },
      ],
    },
  }));
  return { petition, jobId: null };
}
