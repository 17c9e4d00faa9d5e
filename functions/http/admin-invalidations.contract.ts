/** /admin/invalidations: the contracts its handler validates with and the OpenAPI document shows. */
import { newInvalidationSchema } from "../../shared/domain/invalidation.ts";
import { answers, anyObject, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import { invalidationStates } from "../../shared/signatures/invalidation.ts";
import * as z from "../../shared/zod.ts";

const staffAnswers = { 401: answers.unauthorised, 403: answers.forbidden };
const idPath = z.object({ id: z.uuid("Not an invalidation id") });
const none = { description: "No invalidation has that id", schema: errorsSchema };
const conflict = { description: "The invalidation is not in a state that allows this", schema: errorsSchema };

export const listInvalidationsRoute = defineRoute({
  route: "GET /admin/invalidations",
  summary: "Bulk invalidations, newest first, optionally in one state",
  role: "sysadmin",
  query: z.object({ state: z.optional(z.enum(invalidationStates, "Not an invalidation state")) }),
  responses: {
    200: { description: "The invalidations", schema: anyObject },
    ...staffAnswers,
    422: answers.invalid,
  },
});

export const createInvalidationRoute = defineRoute({
  route: "POST /admin/invalidations",
  summary: "Name signatures to invalidate (at least one criterion), with a summary and details",
  role: "sysadmin",
  body: newInvalidationSchema,
  responses: {
    201: { description: "Created, pending", schema: anyObject },
    ...staffAnswers,
    422: answers.invalid,
  },
});

export const getInvalidationRoute = defineRoute({
  route: "GET /admin/invalidations/{id}",
  summary: "A bulk invalidation: criteria, state, matching and invalidated counts",
  role: "sysadmin",
  path: idPath,
  responses: {
    200: { description: "The invalidation", schema: anyObject },
    ...staffAnswers,
    404: none,
    422: answers.invalid,
  },
});

export const countInvalidationRoute = defineRoute({
  route: "POST /admin/invalidations/{id}/count",
  summary: "Preview how many pending or validated signatures the invalidation names now",
  role: "sysadmin",
  path: idPath,
  responses: {
    200: { description: "The matching count", schema: anyObject },
    ...staffAnswers,
    404: none,
    409: conflict,
    422: answers.invalid,
  },
});

export const startInvalidationRoute = defineRoute({
  route: "POST /admin/invalidations/{id}/start",
  summary: "Start invalidating the signatures it names, a page at a time",
  role: "sysadmin",
  path: idPath,
  responses: {
    202: { description: "Started", schema: anyObject },
    ...staffAnswers,
    404: none,
    409: conflict,
    422: answers.invalid,
  },
});

export const cancelInvalidationRoute = defineRoute({
  route: "POST /admin/invalidations/{id}/cancel",
  summary: "Stop the invalidation before its next page",
  role: "sysadmin",
  path: idPath,
  responses: {
    202: { description: "Cancelled", schema: anyObject },
    ...staffAnswers,
    404: none,
    409: conflict,
    422: answers.invalid,
  },
});

export const invalidationRoutes = [
  listInvalidationsRoute,
  createInvalidationRoute,
  getInvalidationRoute,
  countInvalidationRoute,
  startInvalidationRoute,
  cancelInvalidationRoute,
];
