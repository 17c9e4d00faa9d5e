/** PUT /admin/petitions/{id}/government-response: the contract its handler validates with and the OpenAPI document shows. */
import { petitionUpdateRoute } from "../../shared/http/contract.ts";
import { governmentResponseSchema } from "../../shared/petitions/responses.ts";

export const governmentResponseRoute = petitionUpdateRoute({
  route: "PUT /admin/petitions/{id}/government-response",
  summary: "Record the government's response; with email_signers, email every subscribed signer",
  body: governmentResponseSchema,
  conflict:
    "Only published petitions get a response; a petition that has one takes a revised response only with `revision` (the Petitions Committee's request)",
});
