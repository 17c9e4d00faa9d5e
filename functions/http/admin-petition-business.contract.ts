/**
 * POST /admin/petitions/{id}/other-business and PUT /admin/petitions/{id}/committee-note: the
 * contracts their handler validates with and the OpenAPI document shows.
 */
import { petitionUpdateRoute } from "../../shared/http/contract.ts";
import { committeeNoteSchema, otherBusinessSchema } from "../../shared/petitions/other-business.ts";

export const otherBusinessRoute = petitionUpdateRoute({
  route: "POST /admin/petitions/{id}/other-business",
  summary:
    "Add other parliamentary business (subject, markdown body, occurred_on); with email_signers, email every subscribed signer",
  body: otherBusinessSchema,
  conflict: "Only published petitions get other parliamentary business",
});

export const committeeNoteRoute = petitionUpdateRoute({
  route: "PUT /admin/petitions/{id}/committee-note",
  summary: "Set the Petitions Committee's note shown with the petition (null or empty clears it)",
  body: committeeNoteSchema,
  conflict: "Only open, closed or rejected petitions have a committee note",
});
