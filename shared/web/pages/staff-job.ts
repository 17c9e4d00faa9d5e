/** A mass-mail job's progress page under /staff/jobs/{id}, with its cancel button. */
import { NotFoundError } from "../../errors.ts";
import { redirect } from "../../http/responses.ts";
import { cancelJob, getJob, presentJob } from "../../mail/mass-mail.ts";
import type { TemplateName } from "../../mail/templates.ts";
import { type FormBody, page, requireCsrf } from "../page.ts";
import { type ItemPage, noStore, STAFF_NAV } from "./staff.ts";

const templateLabels: Partial<Record<TemplateName, string>> = {
  government_response: "The government's response",
  debate_scheduled: "The debate date",
  debate_outcome: "The debate outcome",
  threshold_response: "The petition will get a government response",
  threshold_debate: "Parliament will consider a debate",
};
const stateLabels = { running: "Sending", done: "Done", cancelled: "Cancelled" } as const;

/** GET /staff/jobs/{id}: a mass-mail job's progress; POST /staff/jobs/{id}/cancel stops it. */
export const jobPage: ItemPage<
  { form: FormBody; query: Record<string, string | undefined> },
  string
> = async (site, event, staff, id, { form, query }) => {
  let notice: string | undefined;
  if (event.requestContext.http.method === "POST") {
    requireCsrf(site, event, form);
    if (await cancelJob(id, new Date())) return redirect(`/staff/jobs/${id}?cancelled=1`, 303);
    notice = "This job had already finished, so there was nothing to cancel.";
  }
  const job = await getJob(id);
  if (!job) throw new NotFoundError("No job has that id");
  const shown = presentJob(job);
  const percent =
    shown.total > 0 ? Math.min(100, Math.round(((shown.sent + shown.failed) / shown.total) * 100)) : 100;
  return noStore(
    page(site, event, "staff/job.njk", {
      form: true,
      staff,
      job: {
        ...shown,
        state_label: stateLabels[shown.state],
        template_label: templateLabels[shown.template] ?? shown.template,
        percent,
      },
      cancelled: query.cancelled === "1",
      notice,
      navigation: STAFF_NAV,
    }),
  );
};
