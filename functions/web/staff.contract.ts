/** The staff pages' contracts: one per route of the StaffPages function. */
import type { RouteKey } from "../../shared/http/contract.ts";
import { anyQuery, formBody, pageRoute } from "../../shared/web/page-contract.ts";
import * as z from "../../shared/zod.ts";

// Petition pages take a numeric id, job pages a UUID: each page reads its own (staff-routes.ts).
const path = z.object({ id: z.optional(z.string().check(z.maxLength(64))) });
const staffPage = <K extends RouteKey>(route: K, summary: string) =>
  pageRoute({ route, summary, path, query: anyQuery, body: formBody });

export const staffPageRoutes = [
  staffPage("GET /staff", "The staff hub"),
  staffPage("GET /staff/sign-in", "Staff sign-in"),
  staffPage("POST /staff/sign-in", "Starts staff sign-in"),
  staffPage("GET /staff/sign-in/callback", "Completes staff sign-in"),
  staffPage("POST /staff/sign-out", "Signs staff out"),
  staffPage("GET /staff/petitions/{id}", "One petition for moderators"),
  staffPage("POST /staff/petitions/{id}/moderation", "A moderator's decision from the page"),
  staffPage(
    "POST /staff/petitions/{id}/government-response",
    "Records the government's response from the page",
  ),
  staffPage("POST /staff/petitions/{id}/debate", "Schedules a debate or records its outcome from the page"),
  staffPage("POST /staff/petitions/{id}/other-business", "Adds other parliamentary business from the page"),
  staffPage("POST /staff/petitions/{id}/committee-note", "Sets the Petitions Committee's note from the page"),
  staffPage("GET /staff/jobs/{id}", "A mass-mail job's progress"),
  staffPage("POST /staff/jobs/{id}/cancel", "Cancels a running mass-mail job"),
  staffPage("GET /staff/reports/thresholds", "Petitions that crossed a threshold since a date"),
  staffPage("GET /staff/search", "Finds petitions in every state by id or words"),
  staffPage("POST /staff/petitions/{id}/note", "Sets the moderators' note from the page"),
  staffPage("POST /staff/petitions/{id}/tags", "Sets a petition's tags from the page"),
  staffPage("POST /staff/petitions/{id}/texts", "Edits a petition's words before publication from the page"),
  staffPage(
    "POST /staff/petitions/{id}/sponsor-email",
    "Emails the creator the supporter link again from the page",
  ),
  staffPage("GET /staff/settings", "The site settings (sysadmins)"),
  staffPage("POST /staff/settings", "Changes the site settings from the page (sysadmins)"),
  staffPage(
    "GET /staff/moderation-delay",
    "The moderation delay email to overdue petitions' creators (sysadmins)",
  ),
  staffPage("POST /staff/moderation-delay", "Previews or sends the moderation delay email (sysadmins)"),
  staffPage("GET /staff/invalidations", "Bulk invalidations, and the form for a new one (sysadmin)"),
  staffPage("POST /staff/invalidations", "Creates a bulk invalidation from the form (sysadmin)"),
  staffPage(
    "GET /staff/invalidations/{id}",
    "One bulk invalidation with its preview, start and cancel (sysadmin)",
  ),
  staffPage("POST /staff/invalidations/{id}", "Previews, starts or cancels a bulk invalidation (sysadmin)"),
  staffPage("GET /staff/signatures", "Sysadmins search one petition's signatures"),
  staffPage("POST /staff/signatures/actions", "Sysadmins act on chosen signatures"),
  staffPage("GET /staff/access-log", "Who searched or acted on signatures"),
  staffPage("GET /staff/petitions/{id}/trending", "A petition's trending IPs and email domains"),
  staffPage("POST /staff/petitions/{id}/trending-allow-list", "Sysadmins let trending skip a source"),
] as const;
