/**
 * The moderators' tools on a petition's staff page: the note, tags from the sysadmins' list,
 * editing the petition's words before publication, and the supporter link again; and the staff
 * search page (an id jumps to the petition).
 */
import { redirect } from "../../http/responses.ts";
import { presentAdminPetition } from "../../petitions/queues.ts";
import {
  editTexts,
  noteSchema,
  petitionTagsSchema,
  petitionTextsSchema,
  resendSponsorLink,
  setNote,
  setTags,
} from "../../petitions/staff-tools.ts";
import { staffSearch } from "../../search/staff-search.ts";
import { type FormBody, field, page } from "../page.ts";
import { type ItemPage, noStore, STAFF_NAV, type StaffPage, staffPetitionPage } from "./staff.ts";
import { doneUrl, pageErrors } from "./staff-response-forms.ts";

const listOf = (form: FormBody, name: string): string[] => {
  const value = form[name];
  return value === undefined ? [] : [value].flat().filter((v) => v !== "");
};

export const noteForm: ItemPage<FormBody> = async (site, event, staff, id, form) => {
  const input = { note: "note" in form ? field(form, "note") : undefined };
  const parsed = noteSchema.safeParse(input);
  if (parsed.success) {
    await setNote(id, parsed.data, staff, new Date());
    return redirect(doneUrl(id, "moderator_note", null), 303);
  }
  return staffPetitionPage(site, event, staff, id, {
    moderator_note: { errors: pageErrors(parsed.error, { note: { id: "note" } }, input), values: input },
  });
};

export const tagsForm: ItemPage<FormBody> = async (site, event, staff, id, form) => {
  // The form always sends an empty `tags` (so ticking none clears them); a post without it is not the page's form.
  const input = { tags: "tags" in form ? listOf(form, "tags") : undefined };
  const parsed = petitionTagsSchema.safeParse(input);
  if (parsed.success) {
    await setTags(id, parsed.data, staff, new Date());
    return redirect(doneUrl(id, "tags", null), 303);
  }
  return staffPetitionPage(site, event, staff, id, {
    tags: { errors: pageErrors(parsed.error, { tags: { id: "tags" } }, input), values: input },
  });
};

const TEXT_FIELDS = {
  action: { id: "texts-action" },
  background: { id: "texts-background" },
  additional_details: { id: "texts-additional_details" },
};

export const textsForm: ItemPage<FormBody> = async (site, event, staff, id, form) => {
  const input = {
    action: field(form, "action"),
    background: field(form, "background"),
    additional_details: field(form, "additional_details"),
  };
  const parsed = petitionTextsSchema.safeParse(input);
  if (parsed.success) {
    await editTexts(id, parsed.data, staff, new Date());
    return redirect(doneUrl(id, "texts", null), 303);
  }
  return staffPetitionPage(site, event, staff, id, {
    texts: { errors: pageErrors(parsed.error, TEXT_FIELDS, input), values: input },
  });
};

export const sponsorEmailForm: ItemPage<FormBody> = async (site, _event, staff, id) => {
  await resendSponsorLink(id, staff, new Date(), site.PUBLIC_URL);
  return redirect(doneUrl(id, "sponsor_email", null), 303);
};

/** GET /staff/search?q=: an id that exists jumps to its petition; words list what they find. */
export const searchPage: StaffPage<Record<string, string | undefined>> = async (
  site,
  event,
  staff,
  query,
) => {
  const q = (query.q ?? "").trim().slice(0, 200);
  const found = q ? await staffSearch(q) : { jump: null, petitions: [] };
  if (found.jump !== null) return redirect(`/staff/petitions/${found.jump}`, 303);
  return noStore(
    page(site, event, "staff/search.njk", {
      form: true,
      staff,
      q,
      petitions: found.petitions.map(presentAdminPetition),
      navigation: STAFF_NAV,
    }),
  );
};
