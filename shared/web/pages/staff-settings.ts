/**
 * The sysadmins' site settings page (GET and POST /staff/settings) and their "moderation is
 * delayed" email (GET and POST /staff/moderation-delay: write, preview, send), through the same
 * rules as PUT /admin/settings and POST /admin/moderation-delay. The settings form sends only the
 * fields whose value it changes, so a field never changed keeps following its environment default.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import {
  type SiteField,
  type SiteSettings,
  siteChangeSchema,
  siteFieldNames,
} from "../../domain/site-settings.ts";
import { StateConflictError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import type { HttpResult } from "../../http/responses.ts";
import { renderMail } from "../../mail/templates.ts";
import { delayMailSchema, mailOverdueCreators, overdueCount } from "../../petitions/moderation-delay.ts";
import { changeSiteSettings, siteSettings } from "../../site/settings.ts";
import { type FormBody, type FormErrors, field, formErrors, isPost, noErrors, page } from "../page.ts";
import { isResult, noStore, type StaffSite } from "./staff.ts";
import { SYSADMIN_NAV, sysadmin, sysadminForm } from "./staff-sysadmin.ts";

type SysadminPage = (
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  form: FormBody,
) => Promise<HttpResult>;

/** A sysadmin's page: signed in (and, for a post, the form's CSRF token checked), else sign-in or 403. */
const forSysadmin =
  (page: SysadminPage) =>
  async (site: StaffSite, event: APIGatewayProxyEventV2, form: FormBody): Promise<HttpResult> => {
    const staff = isPost(event) ? await sysadminForm(site, event, form) : await sysadmin(site, event);
    if (isResult(staff)) return staff;
    return page(site, event, staff, form);
  };

const SWITCHES: readonly SiteField[] = ["signing_paused", "creation_disabled"];
const TEXTS: readonly SiteField[] = ["home_page_message", "moderation_delay_message"];

/** The fields whose submitted value differs from the one in effect, as the JSON change would name them. */
function changedFields(form: FormBody, current: SiteSettings): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  for (const name of siteFieldNames) {
    const raw = field(form, name);
    const value = SWITCHES.includes(name)
      ? raw === "true"
      : TEXTS.includes(name)
        ? raw.trim()
        : /^\s*\d+\s*$/.test(raw)
          ? Number(raw)
          : raw;
    if (value !== current[name]) change[name] = value;
  }
  return change;
}

function settingsView(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  values: Record<string, unknown>,
  extra: { errors?: FormErrors; saved?: string[]; status?: number } = {},
) {
  const errors = extra.errors ?? noErrors();
  return noStore(
    page(
      site,
      event,
      "staff/settings.njk",
      { staff, form: true, values, errors, saved: extra.saved ?? null, navigation: SYSADMIN_NAV },
      extra.status ?? (errors.list.length > 0 ? 422 : 200),
    ),
  );
}

export const settingsPage = forSysadmin(async (site, event, staff, form) => {
  const current = await siteSettings(site, { fresh: true });
  if (!isPost(event)) return settingsView(site, event, staff, current);
  const version = Number(field(form, "version"));
  const change = siteChangeSchema.safeParse({ ...changedFields(form, current), version });
  const submitted = {
    ...current,
    ...Object.fromEntries(siteFieldNames.map((name) => [name, field(form, name)])),
  };
  if (!change.success)
    return settingsView(site, event, staff, submitted, { errors: formErrors(change.error, siteFieldNames) });
  try {
    const { settings, changes } = await changeSiteSettings(site, change.data, staff.id, new Date());
    return settingsView(site, event, staff, settings, { saved: changes.map((c) => c.field) });
  } catch (error) {
    if (!(error instanceof StateConflictError)) throw error;
    const errors = { list: [{ text: error.message, href: "#version" }], byField: {} };
    return settingsView(site, event, staff, current, { errors, status: 409 });
  }
});

/** The moderation-delay email: write it, preview it, then send it. */
export const moderationDelayPage = forSysadmin(async (site, event, staff, form) => {
  const now = new Date();
  const values = { subject: field(form, "subject"), body: field(form, "body") };
  const view = (extra: Record<string, unknown>, status = 200) =>
    noStore(
      page(
        site,
        event,
        "staff/moderation-delay.njk",
        { staff, form: true, values, errors: noErrors(), navigation: SYSADMIN_NAV, ...extra },
        status,
      ),
    );
  if (!isPost(event)) return view({ overdue: await overdueCount(now) });
  const mail = delayMailSchema.safeParse(values);
  if (!mail.success) return view({ errors: formErrors(mail.error, ["subject", "body"]) }, 422);
  if (field(form, "send") !== "true") {
    const ctx = { publicUrl: site.PUBLIC_URL, serviceName: site.SERVICE_NAME };
    const example = { petition_id: 0, action: "[the petition's action]", name: "[the creator's name]" };
    const preview = renderMail("moderation_delayed", { ...example, ...mail.data }, ctx);
    return view({ preview, overdue: await overdueCount(now) });
  }
  const sent = await mailOverdueCreators(mail.data, staff.id, now);
  return view({ sent });
});
