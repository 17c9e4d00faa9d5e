/** GET /admin/jobs/{id} shows a mass-mail job's progress; POST /admin/jobs/{id}/cancel stops it. */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { NotFoundError, StateConflictError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { cancelJob, getJob, presentJob } from "../../shared/mail/mass-mail.ts";

loadConfig(["TABLE_NAME"]);

const path = z.object({ id: z.uuid("Not a job id") });

async function present(id: string) {
  const job = await getJob(id);
  if (!job) throw new NotFoundError("No job has that id");
  return presentJob(job);
}

export const handler = httpRoute({ role: "moderator", path }, async ({ path, event }) => {
  if (event.requestContext.http.method === "POST") {
    if (!(await cancelJob(path.id, new Date()))) {
      if (!(await getJob(path.id))) throw new NotFoundError("No job has that id");
      throw new StateConflictError("This job has already finished or been cancelled");
    }
  }
  return json(200, { data: await present(path.id) }, { "cache-control": "no-store" });
});
