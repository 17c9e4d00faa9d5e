/** POST /petitions/{id}/sponsors: the contract its handler validates with and the OpenAPI document shows. */
import { answers, defineRoute } from "../../shared/http/contract.ts";
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";
import { tokenQuery } from "../../shared/signatures/request.ts";
import type { signerSchema } from "../../shared/signatures/submitted-fields.ts";

/** The body is the signer's schema, which needs the UK data. */
export const sponsorPetitionRoute = (signer: ReturnType<typeof signerSchema>) =>
  defineRoute({
    route: "POST /petitions/{id}/sponsors",
    summary: "Support a petition from the creator's link",
    path: petitionIdPath,
    query: tokenQuery,
    body: signer,
    responses: {
      202: answers.accepted("A confirmation email is on its way"),
      404: answers.notFound,
      422: answers.invalid,
    },
  });
