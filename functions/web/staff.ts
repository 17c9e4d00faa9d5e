/**
 * The staff pages: sign-in and sign-out, the moderation queues, a petition's moderation form.
 * One function serves these routes; each page checks the staff session itself.
 */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { anyQuery, formBody, webRoute } from "../../shared/web/page.ts";
import {
  moderationPage,
  queuePage,
  signInCallback,
  signInPage,
  signOut,
} from "../../shared/web/pages/staff.ts";

const site = loadConfig([
  "TABLE_NAME",
  "PUBLIC_URL",
  "SERVICE_NAME",
  "STAFF_JWT_ISSUER",
  "STAFF_JWT_AUDIENCE",
  "STAFF_SIGN_IN_URL",
  "PETITION_DURATION_MONTHS",
]);
const path = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .optional(),
});

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
    if (path.id !== undefined && route.startsWith("GET /staff/petitions/")) {
      return moderationPage(site, event, path.id, {}, query.done);
    }
    if (path.id !== undefined && route.startsWith("POST /staff/petitions/"))
      return moderationPage(site, event, path.id, body);
    throw new NotFoundError("Page not found");
  },
);
