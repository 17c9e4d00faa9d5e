/** GET /admin/jobs/{id} and POST /admin/jobs/{id}/cancel: the contracts its handler validates with and the OpenAPI document shows. */
import { answers, anyObject, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import * as z from "../../shared/zod.ts";

const jobIdPath = z.object({ id: z.uuid("Not a job id") });
const noJob = { description: "No job has that id", schema: errorsSchema };

export const jobRoute = defineRoute({
  route: "GET /admin/jobs/{id}",
  summary: "A mass-mail job: total, sent, failed and state",
  role: "moderator",
  path: jobIdPath,
  responses: {
    200: { description: "The job", schema: anyObject },
    401: answers.unauthorised,
    403: answers.forbidden,
    404: noJob,
    422: answers.invalid,
  },
});

export const cancelJobRoute = defineRoute({
  route: "POST /admin/jobs/{id}/cancel",
  summary: "Stop a running mass-mail job",
  role: "moderator",
  path: jobIdPath,
  responses: {
    200: { description: "The job, cancelled", schema: anyObject },
    401: answers.unauthorised,
    403: answers.forbidden,
    404: noJob,
    409: { description: "The job has already finished", schema: errorsSchema },
    422: answers.invalid,
  },
});
