/** The staff forms that add other parliamentary business and set the Petitions Committee's note. */
import { redirect } from "../../http/responses.ts";
import {
  addOtherBusiness,
  committeeNoteSchema,
  otherBusinessSchema,
  setCommitteeNote,
} from "../../petitions/other-business.ts";
import { type FormBody, field } from "../page.ts";
import { type ItemPage, staffPetitionPage } from "./staff.ts";
import {
  DATE_PARTS,
  dateField,
  doneUrl,
  type FieldInfo,
  pageErrors,
  ticked,
} from "./staff-response-forms.ts";

const BUSINESS_FIELDS: Record<string, FieldInfo> = {
  subject: { id: "business-subject" },
  body: { id: "business-body" },
  occurred_on: { id: "occurred_on-day", date: "the date it happened" },
  email_signers: { id: "business-email_signers" },
};

export const otherBusinessForm: ItemPage<FormBody> = async (site, event, staff, id, form) => {
  const input = {
    subject: field(form, "subject"),
    body: field(form, "body"),
    occurred_on: dateField(form, "occurred_on"),
    email_signers: ticked(form, "email_signers"),
  };
  const parsed = otherBusinessSchema.safeParse(input);
  if (parsed.success) {
    const { jobId } = await addOtherBusiness(id, parsed.data, staff, new Date(), site);
    return redirect(doneUrl(id, "business", jobId), 303);
  }
  return staffPetitionPage(site, event, staff, id, {
    business: {
      errors: pageErrors(parsed.error, BUSINESS_FIELDS, input),
      values: {
        ...input,
        occurred_on: Object.fromEntries(DATE_PARTS.map((part) => [part, field(form, `occurred_on-${part}`)])),
      },
    },
  });
};

export const committeeNoteForm: ItemPage<FormBody> = async (site, event, staff, id, form) => {
  // An empty box clears the note; a form without the box at all is not the staff page's form.
  const input = { committee_note: "committee_note" in form ? field(form, "committee_note") : undefined };
  const parsed = committeeNoteSchema.safeParse(input);
  if (parsed.success) {
    await setCommitteeNote(id, parsed.data, staff, new Date());
    return redirect(doneUrl(id, "note", null), 303);
  }
  return staffPetitionPage(site, event, staff, id, {
    note: {
      errors: pageErrors(parsed.error, { committee_note: { id: "committee_note" } }, input),
      values: input,
    },
  });
};
