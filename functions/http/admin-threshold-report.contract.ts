/** GET /admin/reports/thresholds: the contract its handler validates with and the OpenAPI document shows. */
import { answers, anyObject, defineRoute } from "../../shared/http/contract.ts";
import { thresholdReportQuery } from "../../shared/petitions/thresholds.ts";

export const thresholdReportRoute = defineRoute({
  route: "GET /admin/reports/thresholds",
  summary: "Petitions that crossed 10,000 or 100,000 signatures since a time",
  role: "moderator",
  query: thresholdReportQuery,
  responses: {
    200: { description: "The crossings, oldest first", schema: anyObject },
    401: answers.unauthorised,
    403: answers.forbidden,
    422: answers.invalid,
  },
});
