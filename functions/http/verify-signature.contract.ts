/** GET /signatures/{id}/verify: the contract its handler validates with and the OpenAPI document shows. */
import * as z from "zod";
import { answers, defineRoute } from "../../shared/http/contract.ts";
import { signatureIdPath, tokenQuery } from "../../shared/signatures/request.ts";

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
        petition_id: z.number().int(),
        signature_count: z.number().int(),
        sponsor_url: z.string().optional(),
      }),
    },
    404: answers.badLink,
  },
});
