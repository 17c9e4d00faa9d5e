/** POST /petitions: the contract its handler validates with and the OpenAPI document shows. */
import { answers, defineRoute } from "../../shared/http/contract.ts";
import { petitionTextSchema, type signerSchema } from "../../shared/signatures/submitted-fields.ts";
import * as z from "../../shared/zod.ts";

/** The body needs the signer's schema, which needs the UK data. */
export const createPetitionRoute = (signer: ReturnType<typeof signerSchema>) =>
  defineRoute({
    route: "POST /petitions",
    summary: "Start a petition; the creator confirms by email",
    body: z.intersection(petitionTextSchema, signer),
    responses: {
      202: {
        description: "Created, pending the creator's confirmation",
        schema: z.object({ id: z.number().check(z.int()), state: z.literal("pending"), status: z.string() }),
      },
      422: answers.invalid,
    },
  });
