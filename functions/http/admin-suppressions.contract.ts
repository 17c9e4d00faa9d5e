/** GET, POST and DELETE /admin/suppressions: the contracts its handler validates with and the OpenAPI document shows. */
import { answers, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import {
  suppressionAddSchema,
  suppressionListSchema,
  suppressionLookupSchema,
  suppressionReasons,
} from "../../shared/mail/suppression.ts";
import * as z from "../../shared/zod.ts";

const suppressionEntry = z.object({
  id: z.string().check(z.describe("The keyed hash of the canonical address; the list holds no address")),
  reason: z.enum(suppressionReasons),
  domain: z.nullable(z.string()),
  detail: z.nullable(z.string()),
  created_at: z.string(),
  created_by: z.string().check(z.describe("`ses` for bounces and complaints, else the sysadmin's id")),
});
export const listSuppressionsRoute = defineRoute({
  route: "GET /admin/suppressions",
  role: "sysadmin",
  summary: "The suppression list: addresses that get no email at all",
  description:
    "Pages of 100 by key (`cursor` is the previous page's `next_cursor`); `email` looks one address up. Reads at most 100 items.",
  query: suppressionListSchema,
  responses: {
    200: {
      description: "One page",
      schema: z.object({ data: z.array(suppressionEntry), next_cursor: z.nullable(z.string()) }),
    },
    401: answers.unauthorised,
    403: answers.forbidden,
    422: answers.invalid,
  },
});
export const addSuppressionRoute = defineRoute({
  route: "POST /admin/suppressions",
  role: "sysadmin",
  summary: "Suppress an address: it gets no email from now on",
  description: "An address already on the list keeps its first entry (200 with `added: false`).",
  body: suppressionAddSchema,
  responses: {
    201: { description: "Suppressed", schema: z.object({ data: suppressionEntry, added: z.literal(true) }) },
    200: {
      description: "Already suppressed",
      schema: z.object({ data: suppressionEntry, added: z.literal(false) }),
    },
    401: answers.unauthorised,
    403: answers.forbidden,
    422: answers.invalid,
  },
});
export const removeSuppressionRoute = defineRoute({
  route: "DELETE /admin/suppressions",
  role: "sysadmin",
  summary: "Remove an address from the suppression list",
  query: suppressionLookupSchema,
  responses: {
    200: { description: "Removed", schema: z.object({ removed: z.object({ id: z.string() }) }) },
    401: answers.unauthorised,
    403: answers.forbidden,
    404: { description: "That address is not suppressed", schema: errorsSchema },
    422: answers.invalid,
  },
});
