/**
 * POST /admin/petitions/{id}/other-business adds other parliamentary business, optionally
 * emailing signers; PUT /admin/petitions/{id}/committee-note sets the committee's note.
 */
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute } from "../../shared/http/handler.ts";
import { petitionUpdateHandler } from "../../shared/http/petition-update.ts";
import { addOtherBusiness, setCommitteeNote } from "../../shared/petitions/other-business.ts";
import { committeeNoteRoute, otherBusinessRoute } from "./admin-petition-business.contract.ts";

const config = functionConfig("AdminPetitionBusiness");

export const handler = byRoute({
  "POST /admin/petitions/{id}/other-business": petitionUpdateHandler(
    otherBusinessRoute,
    addOtherBusiness,
    config,
  ),
  "PUT /admin/petitions/{id}/committee-note": petitionUpdateHandler(
    committeeNoteRoute,
    setCommitteeNote,
    config,
  ),
});
