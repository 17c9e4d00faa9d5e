/** The sysadmins' pages: their gate (the role, and a post's CSRF token) and their navigation. */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ForbiddenError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import type { HttpResult } from "../../http/responses.ts";
import { type FormBody, requireCsrf } from "../page.ts";
import { isResult, moderator, STAFF_NAV, type StaffSite } from "./staff.ts";

/** The sysadmins' pages add their own links; moderators, who cannot use them, are not shown them. */
export const SYSADMIN_NAV = [
  ...STAFF_NAV.slice(0, -1),
  { href: "/staff/settings", text: "Site settings" },
  { href: "/staff/moderation-delay", text: "Moderation delay email" },
  { href: "/staff/invalidations", text: "Invalidations" },
  { href: "/staff/signatures", text: "Signatures" },
  { href: "/staff/access-log", text: "Access log" },
  ...STAFF_NAV.slice(-1),
];

/** The signed-in sysadmin, a redirect to sign in, or 403 for a moderator. */
export async function sysadmin(site: StaffSite, event: APIGatewayProxyEventV2): Promise<Staff | HttpResult> {
  const staff = await moderator(site, event);
  if (!isResult(staff) && !staff.roles.includes("sysadmin"))
    throw new ForbiddenError("Your account does not have the sysadmin role");
  return staff;
}

/** A sysadmin's form post: signed in with the role, and the CSRF token checked. */
export async function sysadminForm(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  form: FormBody,
): Promise<Staff | HttpResult> {
  const staff = await sysadmin(site, event);
  if (!isResult(staff)) requireCsrf(site, event, form);
  return staff;
}
