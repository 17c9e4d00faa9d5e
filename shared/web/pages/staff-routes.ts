/**
 * Which staff page answers which route: one entry per route of the StaffPages function
 * (test/unit/route-contracts.test.ts holds the keys to the topology). The staff session is
 * checked here before a moderator's page runs (and a form post's CSRF token); the sign-in pages
 * are open. Ids are read here, before the session: a petition's by the one petition-id schema, a
 * job's as a UUID, and a malformed one is "not found".
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { NotFoundError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import type { RouteKey } from "../../http/contract.ts";
import type { HttpResult } from "../../http/responses.ts";
import { petitionId } from "../../petitions/petition-json.ts";
import * as z from "../../zod.ts";
import type { FormBody } from "../page.ts";
import {
  type ItemPage,
  isResult,
  moderationPage,
  moderator,
  moderatorForm,
  petitionPage,
  queuePage,
  type StaffPage,
  type StaffSite,
} from "./staff.ts";
import { committeeNoteForm, otherBusinessForm } from "./staff-business-forms.ts";
import { invalidationPage, invalidationsPage } from "./staff-invalidations.ts";
import { jobPage } from "./staff-job.ts";
import { debateForm, responseForm } from "./staff-response-forms.ts";
import { moderationDelayPage, settingsPage } from "./staff-settings.ts";
import { signInCallback, signInPage, signOut } from "./staff-sign-in.ts";
import {
  accessLogPage,
  allowSourcePage,
  signatureActionsPage,
  signaturesPage,
  trendingPage,
} from "./staff-signatures.ts";
import { sysadmin, sysadminForm } from "./staff-sysadmin.ts";
import { thresholdReportPage } from "./staff-thresholds.ts";
import { noteForm, searchPage, sponsorEmailForm, tagsForm, textsForm } from "./staff-tools-forms.ts";

/** What a staff page reads of its request (the route's contract validated it). */
export interface StaffRequest {
  event: APIGatewayProxyEventV2;
  path: { id?: string | undefined };
  query: Record<string, string>;
  body: FormBody;
}

export type StaffRoutePage = (site: StaffSite, request: StaffRequest) => Promise<HttpResult>;

type Gate = (site: StaffSite, request: StaffRequest) => Promise<Staff | HttpResult>;
/** Signed in with the moderator role, else the sign-in page (or 403). */
const signedIn: Gate = (site, { event }) => moderator(site, event);
/** A form post: signed in, and its CSRF token checked. */
const posted: Gate = (site, { event, body }) => moderatorForm(site, event, body);
/** Signed in with the sysadmin role (a moderator gets 403). */
const asSysadmin: Gate = (site, { event }) => sysadmin(site, event);
/** A sysadmin's form post, its CSRF token checked. */
const postedBySysadmin: Gate = (site, { event, body }) => sysadminForm(site, event, body);

const jobId = z.uuid();

function idOf<T>(schema: z.ZodMiniType<T, string>, id: string | undefined, what: string): T {
  const parsed = schema.safeParse(id);
  if (!parsed.success) throw new NotFoundError(`No ${what} has that id`);
  return parsed.data;
}

/** A moderator's page: its gate passed, then the page with what it reads of the request. */
const forModerator =
  <T>(gate: Gate, page: StaffPage<T>, input: (request: StaffRequest) => T): StaffRoutePage =>
  async (site, request) => {
    const staff = await gate(site, request);
    return isResult(staff) ? staff : page(site, request.event, staff, input(request));
  };

/** A moderator's page about one petition or job: a malformed id is "not found", before the gate. */
const aboutOne =
  <T, Id>(
    gate: Gate,
    page: ItemPage<T, Id>,
    id: (request: StaffRequest) => Id,
    input: (request: StaffRequest) => T,
  ): StaffRoutePage =>
  async (site, request) => {
    const which = id(request);
    const staff = await gate(site, request);
    return isResult(staff) ? staff : page(site, request.event, staff, which, input(request));
  };

const petition = ({ path }: StaffRequest) => idOf(petitionId, path.id, "petition");
const job = ({ path }: StaffRequest) => idOf(jobId, path.id, "job");
const form = ({ body }: StaffRequest) => body;
const query = ({ query }: StaffRequest) => query;
const formAndQuery = ({ body, query }: StaffRequest) => ({ form: body, query });
const jobPageOf = aboutOne(signedIn, jobPage, job, formAndQuery);
const invalidation = ({ path }: StaffRequest) => idOf(jobId, path.id, "invalidation");
const invalidationsOf = forModerator(asSysadmin, invalidationsPage, formAndQuery);
const invalidationOf = aboutOne(asSysadmin, invalidationPage, invalidation, formAndQuery);
const signIn: StaffRoutePage = (site, { event, body }) => signInPage(site, event, body);

export const staffPages = {
  "GET /staff": forModerator(signedIn, queuePage, query),
  "GET /staff/sign-in": signIn,
  "POST /staff/sign-in": signIn,
  "GET /staff/sign-in/callback": (site, { event, query }) => signInCallback(site, event, query),
  "POST /staff/sign-out": (site, { event, body }) => signOut(site, event, body),
  "GET /staff/petitions/{id}": aboutOne(signedIn, petitionPage, petition, query),
  "POST /staff/petitions/{id}/moderation": aboutOne(posted, moderationPage, petition, form),
  "POST /staff/petitions/{id}/government-response": aboutOne(posted, responseForm, petition, form),
  "POST /staff/petitions/{id}/debate": aboutOne(posted, debateForm, petition, form),
  "POST /staff/petitions/{id}/other-business": aboutOne(posted, otherBusinessForm, petition, form),
  "POST /staff/petitions/{id}/committee-note": aboutOne(posted, committeeNoteForm, petition, form),
  "GET /staff/jobs/{id}": jobPageOf,
  "POST /staff/jobs/{id}/cancel": jobPageOf,
  "GET /staff/reports/thresholds": forModerator(signedIn, thresholdReportPage, query),
  "GET /staff/search": forModerator(signedIn, searchPage, query),
  "POST /staff/petitions/{id}/note": aboutOne(posted, noteForm, petition, form),
  "POST /staff/petitions/{id}/tags": aboutOne(posted, tagsForm, petition, form),
  "POST /staff/petitions/{id}/texts": aboutOne(posted, textsForm, petition, form),
  "POST /staff/petitions/{id}/sponsor-email": aboutOne(posted, sponsorEmailForm, petition, form),
  // Sysadmins: each page checks the role (and a post's CSRF token) itself.
  "GET /staff/settings": (site, { event, body }) => settingsPage(site, event, body),
  "POST /staff/settings": (site, { event, body }) => settingsPage(site, event, body),
  "GET /staff/moderation-delay": (site, { event, body }) => moderationDelayPage(site, event, body),
  "POST /staff/moderation-delay": (site, { event, body }) => moderationDelayPage(site, event, body),
  "GET /staff/invalidations": invalidationsOf,
  "POST /staff/invalidations": invalidationsOf,
  "GET /staff/invalidations/{id}": invalidationOf,
  "POST /staff/invalidations/{id}": invalidationOf,
  "GET /staff/signatures": forModerator(asSysadmin, signaturesPage, query),
  "POST /staff/signatures/actions": forModerator(postedBySysadmin, signatureActionsPage, form),
  "GET /staff/access-log": forModerator(asSysadmin, accessLogPage, query),
  "GET /staff/petitions/{id}/trending": aboutOne(asSysadmin, trendingPage, petition, query),
  "POST /staff/petitions/{id}/trending-allow-list": aboutOne(
    postedBySysadmin,
    allowSourcePage,
    petition,
    form,
  ),
} satisfies Record<RouteKey, StaffRoutePage>;

export type StaffRoute = keyof typeof staffPages;
