/** GET and POST /signatures/{id}/unsubscribe: the contracts its handler validates with and the OpenAPI document shows. */
import { answers, anyObject, defineRoute } from "../../shared/http/contract.ts";
import { signatureIdPath, tokenQuery } from "../../shared/signatures/request.ts";

export const unsubscribePageRoute = defineRoute({
  route: "GET /signatures/{id}/unsubscribe",
  summary: "The unsubscribe page",
  path: signatureIdPath,
  query: tokenQuery,
  link: true,
  responses: { 200: answers.page("The page"), 404: answers.badLink },
});

export const unsubscribeRoute = defineRoute({
  route: "POST /signatures/{id}/unsubscribe",
  summary: "RFC 8058 one-click unsubscribe",
  path: signatureIdPath,
  query: tokenQuery,
  link: true,
  responses: {
    200: { description: "Unsubscribed", schema: anyObject },
    404: { description: "Not a valid link" },
  },
});
