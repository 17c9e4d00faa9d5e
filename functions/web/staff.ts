/**
 * The staff pages: sign-in and sign-out, the moderation queues, a petition's page with its
 * moderation, government response and debate forms, mass-mail job progress and the threshold
 * report. One function serves these routes; each page checks the staff session itself.
 */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { anyQuery, formBody, webRoute } from "../../shared/web/page.ts";
import { jobPage } from "../../shared/web/pages/staff-job.ts";
import { moderationPage, petitionPage } from "../../shared/web/pages/staff-petition.ts";
import { queuePage } from "../../shared/web/pages/staff-queues.ts";
import { debateForm, responseForm } from "../../shared/web/pages/staff-response-forms.ts";
import { signInCallback, signInPage, signOut } from "../../shared/web/pages/staff-sign-in.ts";
import { thresholdReportPage } from "../../shared/web/pages/staff-thresholds.ts";

const site = loadConfig([
  "TABLE_NAME",
  "PUBLIC_URL",
  "SERVICE_NAME",
  "STAFF_JWT_ISSUER",
  "STAFF_JWT_AUDIENCE",
  "STAFF_SIGN_IN_URL",
  "PETITION_DURATION_MONTHS",
  "SIGNER_INDEX_SHARDS",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
]);
// Petition pages take a numeric id, job pages a UUID; each route checks its own below.
const path = z.object({ id: z.string().max(64).optional() });
const petitionId = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
const jobId = z.uuid();

function idOf<T>(schema: z.ZodType<T, string>, id: string | undefined, what: string): T {
  const parsed = schema.safeParse(id);
  if (!parsed.success) throw new NotFoundError(`No ${what} has that id`);
  return parsed.data;
}

export const handler = webRoute(
  site,
  { path, query: anyQuery, body: formBody },
  async ({ event, path, query, body }) => {
    const route = event.routeKey;
    if (route === "GET /staff") return queuePage(site, event, query);
    if (route === "GET /staff/sign-in" || route === "POST /staff/sign-in")
      return signInPage(site, event, body);
    if (route === "GET /staff/sign-in/callback") return signInCallback(site, event, query);
    if (route === "POST /staff/sign-out") return signOut(site, event, body);
    if (route === "GET /staff/reports/thresholds") return thresholdReportPage(site, event, query);
    if (route === "GET /staff/jobs/{id}" || route === "POST /staff/jobs/{id}/cancel")
      return jobPage(site, event, idOf(jobId, path.id, "job"), body, query);
    const id = () => idOf(petitionId, path.id, "petition");
    if (route === "GET /staff/petitions/{id}") return petitionPage(site, event, id(), query);
    if (route === "POST /staff/petitions/{id}/moderation") return moderationPage(site, event, id(), body);
    if (route === "POST /staff/petitions/{id}/government-response")
      return responseForm(site, event, id(), body);
    if (route === "POST /staff/petitions/{id}/debate") return debateForm(site, event, id(), body);
    throw new NotFoundError("Page not found");
  },
);
