/** GET /admin/jobs/{id} shows a mass-mail job's progress; POST /admin/jobs/{id}/cancel stops it. */
import { NotFoundError, StateConflictError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoutes } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { cancelJob, getJob, presentJob } from "../../shared/mail/mass-mail.ts";
import { cancelJobRoute, jobRoute } from "./admin-jobs.contract.ts";

functionConfig("AdminJobs");

async function present(id: string) {
  const job = await getJob(id);
  if (!job) throw new NotFoundError("No job has that id");
  return presentJob(job);
}

export const handler = httpRoutes([jobRoute, cancelJobRoute], async ({ path, event }) => {
  if (event.requestContext.http.method === "POST") {
    if (!(await cancelJob(path.id, new Date()))) {
      if (!(await getJob(path.id))) throw new NotFoundError("No job has that id");
      throw new StateConflictError("This job has already finished or been cancelled");
    }
  }
  return json(200, { data: await present(path.id) }, { "cache-control": "no-store" });
});
