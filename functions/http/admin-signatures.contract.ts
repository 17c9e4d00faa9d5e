/**
 * The sysadmins' per-signature tools: search, actions on chosen signatures, the access log of
 * both, and the trending sources with their allow list. The contracts its handler validates
 * with and the OpenAPI document shows.
 */
import { allowKinds } from "../../shared/domain/trend-allow.ts";
import { answers, anyObject, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";
import { signatureIdSchema } from "../../shared/signatures/model.ts";
import { signatureSearchQuery } from "../../shared/signatures/staff-search.ts";
import { signatureActionsBody } from "../../shared/signatures/staff-tools.ts";
import { allowEntrySchema } from "../../shared/signatures/trend-allow-list.ts";
import { TALLY_HOURS } from "../../shared/signatures/trending-sources.ts";
import * as z from "../../shared/zod.ts";

const staffAnswers = { 401: answers.unauthorised, 403: answers.forbidden, 422: answers.invalid };
const sysadmin = "sysadmin" as const;

export const searchSignaturesRoute = defineRoute({
  route: "GET /admin/signatures",
  summary: "Search signatures by email, IP, email domain, postcode or name",
  description:
    "Exactly one of email, ip, domain, postcode, name; petition_id limits the search to one petition and " +
    "is required for domain, postcode and name (email and ip without it search every petition, newest " +
    "first, at most 500); window (`24h`, `7d`, or hours) keeps signatures made within it. Answers " +
    "personal data; every search is written to the access log.",
  role: sysadmin,
  query: signatureSearchQuery,
  responses: {
    200: { description: "The matching signatures, newest first", schema: anyObject },
    ...staffAnswers,
  },
});

export const signatureRoute = defineRoute({
  route: "GET /admin/signatures/{id}",
  summary: "One signature, with its personal data and the staff actions on it",
  description: "Every view is written to the access log.",
  role: sysadmin,
  path: z.object({ id: signatureIdSchema }),
  responses: {
    200: { description: "The signature", schema: anyObject },
    404: { description: "No signature has that id", schema: errorsSchema },
    ...staffAnswers,
  },
});

export const signatureActionsRoute = defineRoute({
  route: "POST /admin/signatures/actions",
  summary: "Validate, invalidate, delete, subscribe or unsubscribe chosen signatures",
  description:
    "Each signature's outcome: done, unchanged, not_found, refused (with a reason) or changed_meanwhile. " +
    "Counts change through the counter, as for a confirmation.",
  role: sysadmin,
  body: signatureActionsBody,
  responses: { 200: { description: "Each signature's outcome", schema: anyObject }, ...staffAnswers },
});

export const accessLogRoute = defineRoute({
  route: "GET /admin/access-log",
  summary: "Who searched or acted on signatures, when, with what query and how many results",
  role: sysadmin,
  query: z.object({
    month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Write the month as YYYY-MM"))),
  }),
  responses: {
    200: { description: "One month's entries, newest first", schema: anyObject },
    ...staffAnswers,
  },
});

export const trendingSourcesRoute = defineRoute({
  route: "GET /admin/petitions/{id}/trending-sources",
  summary: "The IPs and email domains over the trending threshold on a petition, hour by hour",
  role: sysadmin,
  path: petitionIdPath,
  query: z.object({
    hours: z._default(
      z.coerce
        .number({ error: `Give hours as a whole number from 1 to ${TALLY_HOURS}` })
        .check(
          z.int(`Give hours as a whole number from 1 to ${TALLY_HOURS}`),
          z.gte(1, `Give hours as a whole number from 1 to ${TALLY_HOURS}`),
          z.lte(TALLY_HOURS, `Tallies are kept for ${TALLY_HOURS} hours`),
        ),
      24,
    ),
  }),
  responses: {
    200: { description: "The sources, newest hour first", schema: anyObject },
    400: answers.badId,
    404: { description: "The id is out of range", schema: errorsSchema },
    ...staffAnswers,
  },
});

export const listAllowedRoute = defineRoute({
  route: "GET /admin/trending-allow-list",
  summary: "The IPs, CIDR blocks and email domains trending skips",
  role: sysadmin,
  responses: { 200: { description: "Every entry", schema: anyObject }, ...staffAnswers },
});

export const addAllowedRoute = defineRoute({
  route: "POST /admin/trending-allow-list",
  summary: "Let trending skip an IP, CIDR block or email domain",
  role: sysadmin,
  body: allowEntrySchema,
  responses: { 201: { description: "Added", schema: anyObject }, ...staffAnswers },
});

export const removeAllowedRoute = defineRoute({
  route: "DELETE /admin/trending-allow-list",
  summary: "Stop trending skipping an entry",
  role: sysadmin,
  query: z.object({
    kind: z.enum(allowKinds),
    value: z.string().check(z.trim(), z.minLength(1, "Say which entry to remove"), z.maxLength(255)),
  }),
  responses: {
    200: { description: "Removed", schema: anyObject },
    404: { description: "No such entry", schema: errorsSchema },
    ...staffAnswers,
  },
});

export const adminSignaturesRoutes = [
  searchSignaturesRoute,
  signatureRoute,
  signatureActionsRoute,
  accessLogRoute,
  trendingSourcesRoute,
  listAllowedRoute,
  addAllowedRoute,
  removeAllowedRoute,
] as const;
