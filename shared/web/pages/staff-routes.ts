/**
 * Which staff page answers which route: one entry per route of the StaffPages function
 * (test/unit/route-contracts.test.ts holds the keys to the topology). Each page checks the staff
 * session itself; a moderator's form post is checked here (session, role and CSRF token) before
 * its page runs. Ids are read here: a petition's by the one petition-id schema, a job's as a UUID,
 * and a malformed one is "not found".
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import type { RouteKey } from "../../http/contract.ts";
import type { HttpResult } from "../../http/responses.ts";
import { petitionId } from "../../petitions/schemas.ts";
import type { FormBody } from "../page.ts";
import {
  isResult,
  moderationPage,
  moderatorForm,
  petitionPage,
  queuePage,
  type StaffSite,
  signInCallback,
  signInPage,
  signOut,
} from "./staff.ts";
import { debateForm, jobPage, responseForm, thresholdReportPage } from "./staff-work.ts";

/** What a staff page reads of its request (the route's contract validated it). */
export interface StaffRequest {
  event: APIGatewayProxyEventV2;
  path: { id?: string | undefined };
  query: Record<string, string>;
  body: FormBody;
}

export type StaffPage = (site: StaffSite, request: StaffRequest) => Promise<HttpResult>;

const jobId = z.uuid();

function idOf<T>(schema: z.ZodType<T, string>, id: string | undefined, what: string): T {
  const parsed = schema.safeParse(id);
  if (!parsed.success) throw new NotFoundError(`No ${what} has that id`);
  return parsed.data;
}

/** A moderator's form about one petition. */
const petitionForm =
  (
    page: (
      site: StaffSite,
      event: APIGatewayProxyEventV2,
      staff: Staff,
      id: number,
      form: FormBody,
    ) => Promise<HttpResult>,
  ): StaffPage =>
  async (site, { event, path, body }) => {
    const id = idOf(petitionId, path.id, "petition");
    const staff = await moderatorForm(site, event, body);
    return isResult(staff) ? staff : page(site, event, staff, id, body);
  };

const job: StaffPage = (site, { event, path, body, query }) =>
  jobPage(site, event, idOf(jobId, path.id, "job"), body, query);
const signIn: StaffPage = (site, { event, body }) => signInPage(site, event, body);

export const staffPages = {
  "GET /staff": (site, { event, query }) => queuePage(site, event, query),
  "GET /staff/sign-in": signIn,
  "POST /staff/sign-in": signIn,
  "GET /staff/sign-in/callback": (site, { event, query }) => signInCallback(site, event, query),
  "POST /staff/sign-out": (site, { event, body }) => signOut(site, event, body),
  "GET /staff/petitions/{id}": (site, { event, path, query }) =>
    petitionPage(site, event, idOf(petitionId, path.id, "petition"), query),
  "POST /staff/petitions/{id}/moderation": petitionForm(moderationPage),
  "POST /staff/petitions/{id}/government-response": petitionForm(responseForm),
  "POST /staff/petitions/{id}/debate": petitionForm(debateForm),
  "GET /staff/jobs/{id}": job,
  "POST /staff/jobs/{id}/cancel": job,
  "GET /staff/reports/thresholds": (site, { event, query }) => thresholdReportPage(site, event, query),
} satisfies Record<RouteKey, StaffPage>;

export type StaffRoute = keyof typeof staffPages;
