/**
 * The sysadmins' signature pages: search one petition's signatures (or every petition's by email
 * or IP), act on chosen ones, read the access log, and a petition's trending sources with a
 * button to allow one. Each search is written to the access log (shared/signatures/staff-tools.ts),
 * as through the API.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { searchKinds } from "../../domain/signature-search.ts";
import { ValidationError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { readAccessLog } from "../../signatures/access-log.ts";
import { signatureSearchQuery } from "../../signatures/staff-search.ts";
import { actAndLog, searchAndLog, signatureActionsBody } from "../../signatures/staff-tools.ts";
import { addAllowed, allowEntrySchema } from "../../signatures/trend-allow-list.ts";
import { trendingSourcesOf } from "../../signatures/trending-sources.ts";
import type * as z from "../../zod.ts";
import { type FormBody, type FormErrors, field, formErrors, noErrors, page } from "../page.ts";
import { noStore, type StaffSite } from "./staff.ts";
import { SYSADMIN_NAV } from "./staff-sysadmin.ts";

/** A form that cannot be acted on: 422, naming the field, nothing written. */
function refuse(error: z.core.$ZodError): never {
  throw new ValidationError(
    error.issues.map((issue) => ({
      field: String(issue.path[0] ?? "form"),
      code: "invalid",
      message: issue.message,
    })),
  );
}

const SEARCH_FIELDS = ["petition_id", "value", "window"] as const;
const searchKeys = (query: Record<string, string | undefined>) =>
  Object.fromEntries(
    SEARCH_FIELDS.map((name) => [name, query[name] ?? ""]).concat([["kind", query.kind ?? "email"]]),
  );
const kindLabels: Record<string, string> = {
  email: "Email address",
  ip: "IP address",
  domain: "Email domain",
  postcode: "Postcode",
  name: "Name (or part of it)",
};

/** GET /staff/signatures?petition_id=&kind=&value=&window=: the search form and its results. */
export async function signaturesPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  query: Record<string, string | undefined>,
): Promise<HttpResult> {
  const form = searchKeys(query);
  const kind = searchKinds.find((k) => k === form.kind) ?? "email";
  const asked = Boolean(query.petition_id || query.value);
  let errors: FormErrors = noErrors();
  let results: Awaited<ReturnType<typeof searchAndLog>> | null = null;
  if (asked) {
    const parsed = signatureSearchQuery.safeParse({
      [kind]: form.value,
      ...(form.petition_id ? { petition_id: form.petition_id } : {}),
      ...(form.window ? { window: form.window } : {}),
    });
    if (parsed.success) results = await searchAndLog(parsed.data, staff.id, site, new Date());
    else {
      errors = formErrors(parsed.error, [...searchKinds, "petition_id", "window"]);
      // The term's errors belong to the value field on the page.
      errors.list = errors.list.map((e) => ({
        ...e,
        href: e.href.replace(new RegExp(`#(${searchKinds.join("|")})$`), "#value"),
      }));
      errors.byField.value ??= errors.byField[kind] ?? errors.byField.email ?? { text: "" };
      if (!errors.byField.value.text) delete errors.byField.value;
    }
  }
  return noStore(
    page(
      site,
      event,
      "staff/signatures.njk",
      {
        form: true,
        staff,
        values: { ...form, kind },
        kinds: searchKinds.map((k) => ({ value: k, text: kindLabels[k], selected: k === kind })),
        errors,
        results,
        done: query.done,
        returnTo: new URLSearchParams({ ...form, kind }).toString(),
        navigation: SYSADMIN_NAV,
      },
      errors.list.length > 0 ? 422 : 200,
    ),
  );
}

/** POST /staff/signatures/actions: the chosen signatures and action, then back to the search. */
export async function signatureActionsPage(
  _site: StaffSite,
  _event: APIGatewayProxyEventV2,
  staff: Staff,
  form: FormBody,
): Promise<HttpResult> {
  const chosen = form.signatures;
  const parsed = signatureActionsBody.safeParse({
    action: field(form, "action"),
    signatures: Array.isArray(chosen) ? chosen : chosen ? [chosen] : [],
  });
  const back = new URLSearchParams(
    searchKeys(Object.fromEntries([...SEARCH_FIELDS, "kind"].map((name) => [name, field(form, name)]))),
  );
  if (!parsed.success) refuse(parsed.error);
  const results = await actAndLog(parsed.data.signatures, parsed.data.action, staff.id, new Date());
  const changed = results.filter((r) => r.outcome === "done").length;
  back.set("done", `${parsed.data.action}: ${changed} of ${results.length} changed`);
  return redirect(`/staff/signatures?${back}`, 303);
}

/** GET /staff/access-log?month=YYYY-MM: who searched or acted on signatures. */
export async function accessLogPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  query: Record<string, string | undefined>,
): Promise<HttpResult> {
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(query.month ?? "")
    ? (query.month as string)
    : new Date().toISOString().slice(0, 7);
  const entries = await readAccessLog(month);
  return noStore(
    page(site, event, "staff/access-log.njk", {
      form: true,
      staff,
      month,
      entries: entries.map((e) => ({
        ...e,
        asked: Object.entries(e.query)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", "),
      })),
      navigation: SYSADMIN_NAV,
    }),
  );
}

/** GET /staff/petitions/{id}/trending: the petition's sources over the trending threshold, by hour. */
export async function trendingPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  id: number,
  query: Record<string, string | undefined>,
): Promise<HttpResult> {
  const sources = await trendingSourcesOf(id, 24, site.TRENDING_THRESHOLD, new Date());
  return noStore(
    page(site, event, "staff/trending.njk", {
      form: true,
      staff,
      petitionId: id,
      threshold: site.TRENDING_THRESHOLD,
      sources,
      allowed: query.allowed,
      navigation: SYSADMIN_NAV,
    }),
  );
}

/** POST /staff/petitions/{id}/trending-allow-list: allow a source, then back to the trending page. */
export async function allowSourcePage(
  _site: StaffSite,
  _event: APIGatewayProxyEventV2,
  staff: Staff,
  id: number,
  form: FormBody,
): Promise<HttpResult> {
  const parsed = allowEntrySchema.safeParse({ kind: field(form, "kind"), value: field(form, "value") });
  if (!parsed.success) refuse(parsed.error);
  await addAllowed(parsed.data, staff.id, new Date());
  return redirect(`/staff/petitions/${id}/trending?allowed=${encodeURIComponent(parsed.data.value)}`, 303);
}
