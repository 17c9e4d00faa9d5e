/** POST /petitions/{id}/signatures: the contract its handler validates with and the OpenAPI document shows. */
import { answers, defineRoute, publicPetitionAnswers } from "../../shared/http/contract.ts";
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";
import type { signerSchema } from "../../shared/signatures/submitted-fields.ts";

/** The body is the signer's schema, which needs the UK data. */
export const signPetitionRoute = (signer: ReturnType<typeof signerSchema>) =>
  defineRoute({
    route: "POST /petitions/{id}/signatures",
    summary: "Sign an open petition",
    description: "The answer is the same whether or not that email had signed.",
    path: petitionIdPath,
    body: signer,
    responses: {
      202: answers.accepted("A confirmation email is on its way"),
      ...publicPetitionAnswers,
    },
  });
