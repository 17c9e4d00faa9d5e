/** What a petition's staff page shows of the moderators' tools (shared/web/pages/staff-tools-forms.ts). */
import { inState, UNDECIDED } from "../../domain/petition-state.ts";
import type { PetitionRecord } from "../../petitions/model.ts";
import { getTagList } from "../../petitions/tags.ts";
import { noErrors } from "../page.ts";
import type { FormState } from "./staff.ts";

/** The tools' forms on the petition page, by the name the page's `forms` takes. */
export type ToolForm = "moderator_note" | "tags" | "texts";

/** What the petition page shows of the tools: saved values, or a failed form's. */
export async function toolsView(petition: PetitionRecord, forms: { [form in ToolForm]?: FormState }) {
  const list = await getTagList();
  const tags = petition.tags ?? [];
  return {
    tools: {
      note: forms.moderator_note ?? { errors: noErrors(), values: { note: petition.moderator_note ?? "" } },
      tags: forms.tags ?? { errors: noErrors(), values: { tags } },
      // Tags since removed from the list still show, ticked, so saving does not drop them unseen.
      tagItems: [...new Set([...list.tags, ...tags])],
      texts: forms.texts ?? {
        errors: noErrors(),
        values: {
          action: petition.action,
          background: petition.background,
          additional_details: petition.additional_details ?? "",
        },
      },
      editable: inState(petition.state, UNDECIDED),
      resendable: petition.state === "validated" || petition.state === "sponsored",
      original: petition.original_text ?? null,
    },
  };
}
