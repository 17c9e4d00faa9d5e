/** GET /signatures/{id}/verify: the contract its handler validates with and the OpenAPI document shows. */
import { answers, defineRoute } from "../../shared/http/contract.ts";
import { signatureIdPath, tokenQuery } from "../../shared/signatures/request.ts";
import * as z from "../../shared/zod.ts";

export const verifySignatureRoute = defineRoute({
  route: "GET /signatures/{id}/verify",
  summary: "Confirm an email address from its link (HTML, or JSON with Accept: application/json)",
  path: signatureIdPath,
  query: tokenQuery,
  link: true,
  responses: {
    200: {
      description: "Confirmed",
      schema: z.object({
        status: z.literal("validated"),
        petition_id: z.number().check(z.int()),
        signature_count: z.number().check(z.int()),
        sponsor_url: z.optional(z.string()),
      }),
    },
    404: answers.badLink,
  },
});
