/**
 * Staff pages under /staff: sign-in (Cognito's hosted sign-in on AWS, a pasted token from
 * `npm run token` locally), the moderation queues and a petition's moderation form. They are
 * public routes at API Gateway; every page checks the session cookie's JWT and the role itself.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { getPetition } from "../../db/petitions.ts";
import { rejectionReasons } from "../../domain/petition-state.ts";
import { ForbiddenError, NotFoundError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { moderate, moderationSchema } from "../../petitions/moderation.ts";
import { presentAdminPetition, queueQuerySchema, queues, readQueue } from "../../petitions/queues.ts";
import { type FormBody, field, formErrors, noErrors, page, requireCsrf, type Site } from "../page.ts";
import {
  clearHostedSignIn,
  completeHostedSignIn,
  endSession,
  hostedSignIn,
  type StaffAuthSettings,
  sessionStaff,
  startSession,
} from "../staff-session.ts";

export type StaffSite = Site &
  StaffAuthSettings & { STAFF_SIGN_IN_URL: string; PETITION_DURATION_MONTHS: number };

const queueLabels: Record<string, string> = {
  collecting_sponsors: "Collecting supporters",
  in_moderation: "In moderation",
  nearly_overdue: "Nearly overdue",
  overdue: "Overdue",
  flagged: "Flagged",
  dormant: "Dormant",
  open: "Open",
  closed: "Closed",
  rejected: "Rejected",
  hidden: "Hidden",
};

const STAFF_NAV = [
  { href: "/staff", text: "Moderation queues" },
  { href: "/petitions", text: "Public site" },
];

const noStore = (result: HttpResult): HttpResult => ({
  ...result,
  headers: { ...result.headers, "cache-control": "no-store" },
});

/** The signed-in moderator, or a redirect to sign in. */
async function moderator(site: StaffSite, event: APIGatewayProxyEventV2): Promise<Staff | HttpResult> {
  const staff = await sessionStaff(event, site);
  if (!staff) return redirect("/staff/sign-in", 303);
  if (!staff.roles.includes("moderator") && !staff.roles.includes("sysadmin")) {
    throw new ForbiddenError("Your account does not have the moderator role");
  }
  return staff;
}

const isResult = (value: Staff | HttpResult): value is HttpResult => "statusCode" in value;

export async function signInPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  form: FormBody,
): Promise<HttpResult> {
  const post = event.requestContext.http.method === "POST";
  if (site.STAFF_SIGN_IN_URL && !post) {
    const { location, cookie } = hostedSignIn(
      site.STAFF_SIGN_IN_URL,
      site.STAFF_JWT_AUDIENCE,
      site.PUBLIC_URL,
    );
    return redirect(location, 303, [cookie]);
  }
  if (!post)
    return noStore(
      page(site, event, "staff/sign-in.njk", { form: true, errors: noErrors(), navigation: STAFF_NAV }),
    );
  requireCsrf(site, event, form);
  const session = await startSession(field(form, "token"), site, new Date());
  if (!session) {
    const errors = {
      list: [{ text: "Enter a valid staff token", href: "#token" }],
      byField: { token: { text: "Enter a valid staff token" } },
    };
    return noStore(
      page(site, event, "staff/sign-in.njk", { form: true, errors, navigation: STAFF_NAV }, 401),
    );
  }
  return redirect("/staff", 303, [session.cookie]);
}

export async function signInCallback(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  query: { code?: string; state?: string },
): Promise<HttpResult> {
  const token =
    site.STAFF_SIGN_IN_URL && query.code && query.state
      ? await completeHostedSignIn(
          event,
          { code: query.code, state: query.state },
          site.STAFF_SIGN_IN_URL,
          site.STAFF_JWT_AUDIENCE,
          site.PUBLIC_URL,
        )
      : null;
  const session = token ? await startSession(token, site, new Date()) : null;
  if (!session) throw new ForbiddenError("Sign-in did not complete. Try again.");
  return redirect("/staff", 303, [session.cookie, clearHostedSignIn(site.PUBLIC_URL)]);
}

export function signOut(site: StaffSite, event: APIGatewayProxyEventV2, form: FormBody): HttpResult {
  requireCsrf(site, event, form);
  return redirect("/staff/sign-in", 303, [endSession(site.PUBLIC_URL)]);
}

export async function queuePage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  raw: Record<string, string | undefined>,
): Promise<HttpResult> {
  const staff = await moderator(site, event);
  if (isResult(staff)) return staff;
  const parsed = queueQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : queueQuerySchema.parse({});
  const result = await readQueue(query, new Date());
  return noStore(
    page(site, event, "staff/queue.njk", {
      form: true,
      staff,
      queue: query.queue,
      heading: queueLabels[query.queue] ?? query.queue,
      queues: queues.map((q) => ({
        href: `/staff?queue=${q}`,
        text: queueLabels[q] ?? q,
        current: q === query.queue,
      })),
      petitions: result.data,
      navigation: STAFF_NAV,
    }),
  );
}

export async function moderationPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  id: number,
  form: FormBody,
  done?: string,
): Promise<HttpResult> {
  const staff = await moderator(site, event);
  if (isResult(staff)) return staff;
  const post = event.requestContext.http.method === "POST";
  let errors = noErrors();
  if (post) {
    requireCsrf(site, event, form);
    const decision = moderationSchema.safeParse({
      decision: field(form, "decision") || undefined,
      reason_code: field(form, "reason_code") || undefined,
      details: field(form, "details") || undefined,
    });
    if (decision.success) {
      await moderate(id, decision.data, staff, new Date(), site);
      return redirect(`/staff/petitions/${id}?done=${decision.data.decision}`, 303);
    }
    errors = formErrors(decision.error, ["decision", "reason_code", "details"]);
  }
  const petition = await getPetition(id, true);
  if (!petition) throw new NotFoundError("No petition has that id");
  return noStore(
    page(
      site,
      event,
      "staff/petition.njk",
      {
        form: true,
        staff,
        petition: presentAdminPetition(petition),
        done,
        errors,
        values: {
          decision: field(form, "decision"),
          reason_code: field(form, "reason_code"),
          details: field(form, "details"),
        },
        reasons: rejectionReasons.map((r) => ({
          value: r.code,
          text: `${r.title}${r.hidden ? " (hidden)" : ""}`,
        })),
        navigation: STAFF_NAV,
      },
      errors.list.length > 0 ? 422 : 200,
    ),
  );
}
