/** GET, POST and DELETE /admin/blocks: the contracts its handler validates with and the OpenAPI document shows. */
import { answers, anyObject, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import { blockKinds, blockSchema } from "../../shared/signatures/limits.ts";
import * as z from "../../shared/zod.ts";

const staffAnswers = { 401: answers.unauthorised, 403: answers.forbidden };

export const listBlocksRoute = defineRoute({
  route: "GET /admin/blocks",
  summary: "The block lists",
  role: "sysadmin",
  responses: { 200: { description: "Every block", schema: anyObject }, ...staffAnswers },
});

export const addBlockRoute = defineRoute({
  route: "POST /admin/blocks",
  summary: "Block an IP, email domain or email",
  role: "sysadmin",
  body: blockSchema,
  responses: { 201: { description: "Blocked", schema: anyObject }, ...staffAnswers, 422: answers.invalid },
});

export const removeBlockRoute = defineRoute({
  route: "DELETE /admin/blocks",
  summary: "Lift a block",
  role: "sysadmin",
  query: z.object({
    kind: z.enum(blockKinds),
    value: z.string().check(z.trim(), z.minLength(1, "Say what to unblock"), z.maxLength(320)),
  }),
  responses: {
    200: { description: "Lifted", schema: anyObject },
    ...staffAnswers,
    404: { description: "Nothing is blocked under that value", schema: errorsSchema },
    422: answers.invalid,
  },
});
