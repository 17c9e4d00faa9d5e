/**
 * What every staff page under /staff shares: the site settings, the navigation, the moderator
 * check (the session cookie's JWT and the role; the pages are public routes at API Gateway and
 * check both themselves) and GOV.UK's date input. The pages, one module each: staff-sign-in.ts,
 * staff-queues.ts, staff-petition.ts, staff-response-forms.ts, staff-job.ts, staff-thresholds.ts.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ForbiddenError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { type FormBody, type FormErrors, field, requireCsrf, type Site } from "../page.ts";
import { type StaffAuthSettings, sessionStaff } from "../staff-session.ts";

export type StaffSite = Site &
  StaffAuthSettings & {
    STAFF_SIGN_IN_URL: string;
    PETITION_DURATION_MONTHS: number;
    SIGNER_INDEX_SHARDS: number;
    THRESHOLD_FOR_RESPONSE: number;
    THRESHOLD_FOR_DEBATE: number;
  };

export const STAFF_NAV = [
  { href: "/staff", text: "Moderation queues" },
  { href: "/staff/reports/thresholds", text: "Threshold report" },
  { href: "/petitions", text: "Public site" },
];

export const noStore = (result: HttpResult): HttpResult => ({
  ...result,
  headers: { ...result.headers, "cache-control": "no-store" },
});

/** The signed-in moderator, or a redirect to sign in. */
export async function moderator(site: StaffSite, event: APIGatewayProxyEventV2): Promise<Staff | HttpResult> {
  const staff = await sessionStaff(event, site);
  if (!staff) return redirect("/staff/sign-in", 303);
  if (!staff.roles.includes("moderator") && !staff.roles.includes("sysadmin")) {
    throw new ForbiddenError("Your account does not have the moderator role");
  }
  return staff;
}

export const isResult = (value: Staff | HttpResult): value is HttpResult => "statusCode" in value;

/** A moderator's form post: signed in with the role (else the sign-in page), and the CSRF token checked. */
export async function moderatorForm(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  form: FormBody,
): Promise<Staff | HttpResult> {
  const staff = await moderator(site, event);
  if (!isResult(staff)) requireCsrf(site, event, form);
  return staff;
}

/** A page for moderators: `render` runs with the signed-in moderator; anyone else is sent to sign in. */
export function moderatorPage<A extends unknown[]>(
  render: (site: StaffSite, event: APIGatewayProxyEventV2, staff: Staff, ...args: A) => Promise<HttpResult>,
) {
  return async (site: StaffSite, event: APIGatewayProxyEventV2, ...args: A): Promise<HttpResult> => {
    const staff = await moderator(site, event);
    if (isResult(staff)) return staff;
    return render(site, event, staff, ...args);
  };
}

/** A form posted on a petition's staff page: `handle` runs once the moderator and CSRF token are checked. */
export function petitionFormPost(
  handle: (
    site: StaffSite,
    event: APIGatewayProxyEventV2,
    staff: Staff,
    id: number,
    form: FormBody,
  ) => Promise<HttpResult>,
) {
  return async (
    site: StaffSite,
    event: APIGatewayProxyEventV2,
    id: number,
    form: FormBody,
  ): Promise<HttpResult> => {
    const staff = await moderatorForm(site, event, form);
    if (isResult(staff)) return staff;
    return handle(site, event, staff, id, form);
  };
}

/** One form's state on the petition page: what was posted and what was wrong with it. */
export interface FormState {
  errors: FormErrors;
  values: Record<string, unknown>;
}

/** An ISO date as the day, month and year of GOV.UK's date input. */
export function dateParts(date: string | undefined): { day: string; month: string; year: string } {
  const [year = "", month = "", day = ""] = (date ?? "").split("-");
  return { day: day.replace(/^0/, ""), month: month.replace(/^0/, ""), year };
}

/** The three boxes of a GOV.UK date input as an ISO date, or undefined when all are empty. */
export function dateField(form: FormBody, name: string): string | undefined {
  const [day, month, year] = ["day", "month", "year"].map((part) => field(form, `${name}-${part}`).trim());
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day ?? "") || !/^\d{1,2}$/.test(month ?? "") || !/^\d{4}$/.test(year ?? "")) {
    return `${year}-${month}-${day}`;
  }
  return `${year}-${month?.padStart(2, "0")}-${day?.padStart(2, "0")}`;
}
