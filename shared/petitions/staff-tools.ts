/**
 * A moderator's tools on one petition (e-petitions' admin notes, tags, petition details and
 * "resend the email to the creator"): each is one conditional write of the petition item that
 * records who acted and when in its moderation log.
 *
 * - the note:     one free-text note per petition, any state, never public
 * - tags:         from the sysadmins' list (shared/petitions/tags.ts), any state, never public
 * - texts:        action, background and additional details, only before publication; the
 *                 creator's first words are kept once, the first time they are edited
 * - sponsor link: the creator's "Get supporters for" email again, while supporters may sign
 */
import { ACCEPTING_SPONSORS, petitionStates, UNDECIDED } from "../domain/petition-state.ts";
import type { Staff } from "../domain/staff.ts";
import { StateConflictError } from "../errors.ts";
import { getCreator } from "../signatures/store.ts";
import { petitionTextSchema } from "../signatures/submitted-fields.ts";
import { sponsorUrl } from "../signatures/verify.ts";
import * as z from "../zod.ts";
import { getPetition } from "./items.ts";
import type { ModerationEntry, PetitionRecord } from "./model.ts";
import { amend, type StoredPetition } from "./store.ts";
import { getTagList, knownTags, MAX_TAGS_PER_PETITION, tagSchema } from "./tags.ts";

export const noteSchema = z.object({
  note: z.pipe(
    z.nullable(
      z
        .string({ error: "Give the note, or null or an empty one to remove it" })
        .check(z.trim(), z.maxLength(10_000, "The note must be 10,000 characters or fewer")),
    ),
    z.transform((note) => (note ? note : null)),
  ),
});

export const petitionTagsSchema = z.object({
  tags: z
    .array(tagSchema, { error: "Give the tags as a list of names from the tag list" })
    .check(z.maxLength(MAX_TAGS_PER_PETITION, `A petition takes at most ${MAX_TAGS_PER_PETITION} tags`)),
});

/** The same rules as starting a petition. */
export const petitionTextsSchema = petitionTextSchema;

const logged = (current: PetitionRecord, action: string, staff: Staff, now: Date): ModerationEntry[] => [
  ...current.moderation_log,
  { action, staff_id: staff.id, at: now.toISOString() },
];

export function setNote(id: number, input: z.output<typeof noteSchema>, staff: Staff, now: Date) {
  return amend(id, petitionStates, now, (current) => ({
    set: { moderator_note: input.note, moderation_log: logged(current, "note", staff, now) },
  }));
}

export async function setTags(
  id: number,
  input: z.output<typeof petitionTagsSchema>,
  staff: Staff,
  now: Date,
) {
  const tags = knownTags(input.tags, (await getTagList()).tags);
  return amend(id, petitionStates, now, (current) => ({
    set: { tags, moderation_log: logged(current, "tags", staff, now) },
  }));
}

export const EDIT_AFTER_PUBLICATION =
  "This petition has been published or decided on; its words can only be edited before publication";

/** The first words the creator wrote, kept the first time a moderator edits them. Pure. */
export function originalText(current: PetitionRecord): NonNullable<PetitionRecord["original_text"]> {
  return (
    current.original_text ?? {
      action: current.action,
      background: current.background,
      additional_details: current.additional_details,
    }
  );
}

export async function editTexts(
  id: number,
  input: z.output<typeof petitionTextsSchema>,
  staff: Staff,
  now: Date,
): Promise<StoredPetition> {
  const before = await getPetition(id);
  if (before && !(UNDECIDED as readonly string[]).includes(before.state)) {
    throw new StateConflictError(EDIT_AFTER_PUBLICATION);
  }
  return amend(id, UNDECIDED, now, (current) => ({
    set: {
      action: input.action,
      background: input.background,
      additional_details: input.additional_details,
      original_text: originalText(current),
      moderation_log: logged(current, "edit_texts", staff, now),
    },
  }));
}

/** Emails the creator the supporter link again; a petition past collecting supporters is a 409. */
export async function resendSponsorLink(id: number, staff: Staff, now: Date, publicUrl: string) {
  const before = await getPetition(id);
  const creator = before ? await getCreator(before) : null;
  return amend(id, ACCEPTING_SPONSORS, now, (current) => {
    // Before the creator confirms their address, the link goes to nobody known.
    if (current.state === "pending") {
      throw new StateConflictError("The creator has not confirmed their email address yet");
    }
    if (!creator) throw new StateConflictError("This petition's creator can no longer be emailed");
    return {
      set: { moderation_log: logged(current, "resend_sponsor_email", staff, now) },
      mail: [
        {
          template: "gather_sponsors",
          to: creator.email,
          petitionId: current.id,
          data: {
            petition_id: current.id,
            action: current.action,
            name: creator.name,
            link: sponsorUrl(publicUrl, current),
          },
        },
      ],
    };
  });
}
