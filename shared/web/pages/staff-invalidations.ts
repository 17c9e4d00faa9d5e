/**
 * The sysadmins' bulk invalidation pages: the list (by state) with the form for a new one, and
 * one invalidation with its preview, start and cancel buttons. Every post carries the CSRF
 * token; the actions are the API's (shared/signatures/invalidation-actions.ts), logged alike.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { criteriaFields, newInvalidationSchema } from "../../domain/invalidation.ts";
import { NotFoundError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import {
  createInvalidation,
  type InvalidationState,
  invalidationStates,
  listInvalidations,
  presentInvalidation,
} from "../../signatures/invalidation.ts";
import {
  cancelInvalidation,
  getInvalidation,
  previewInvalidation,
  startInvalidation,
} from "../../signatures/invalidation-actions.ts";
import { type FormBody, field, formErrors, noErrors, page, requireCsrf } from "../page.ts";
import { noStore, type StaffSite } from "./staff.ts";
import { SYSADMIN_NAV } from "./staff-sysadmin.ts";

const FIELDS = [...criteriaFields, "summary", "details"] as const;
const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The form's strings as the API's body: blanks left out, the petition id a number, times in UTC. */
function bodyOf(form: FormBody) {
  const body: Record<string, unknown> = {};
  for (const name of FIELDS) {
    const value = field(form, name).trim();
    if (value === "") continue;
    if (name === "petition_id") body[name] = /^\d+$/.test(value) ? Number(value) : value;
    else if (name === "created_after" || name === "created_before")
      body[name] = LOCAL_MINUTE.test(value) ? `${value}:00Z` : value;
    else body[name] = value;
  }
  return body;
}

/** GET /staff/invalidations?state=, and POST (a new invalidation from the form). */
export async function invalidationsPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  input: { form: FormBody; query: Record<string, string | undefined> },
): Promise<HttpResult> {
  let errors = noErrors();
  let values: Record<string, string> = {};
  if (event.requestContext.http.method === "POST") {
    requireCsrf(site, event, input.form);
    const parsed = newInvalidationSchema.safeParse(bodyOf(input.form));
    if (parsed.success) {
      const record = await createInvalidation(parsed.data, staff.id, new Date());
      return redirect(`/staff/invalidations/${record.id}`, 303);
    }
    errors = formErrors(parsed.error, ["criteria", ...FIELDS]);
    values = Object.fromEntries(FIELDS.map((name) => [name, field(input.form, name)]));
  }
  const wanted = invalidationStates.find((s) => s === input.query.state) as InvalidationState | undefined;
  const invalidations = (await listInvalidations(wanted)).map(presentInvalidation);
  return noStore(
    page(
      site,
      event,
      "staff/invalidations.njk",
      {
        form: true,
        staff,
        errors,
        values,
        state: wanted ?? "",
        states: invalidationStates,
        invalidations,
        navigation: SYSADMIN_NAV,
      },
      errors.list.length > 0 ? 422 : 200,
    ),
  );
}

const notices: Record<string, string> = {
  counted: "The preview has been counted.",
  started: "The invalidation has started. Refresh this page to follow it.",
  cancelled: "The invalidation has been cancelled. It stops before its next page.",
  refused: "That could not be done: the invalidation has moved on. Its state is below.",
};

/** GET /staff/invalidations/{id}, and POST with `action` = count, start or cancel. */
export async function invalidationPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  id: string,
  input: { form: FormBody; query: Record<string, string | undefined> },
): Promise<HttpResult> {
  const record = await getInvalidation(id);
  if (!record) throw new NotFoundError("No invalidation has that id");
  if (event.requestContext.http.method === "POST") {
    requireCsrf(site, event, input.form);
    const action = field(input.form, "action");
    let done = false;
    if (action === "count") done = (await previewInvalidation(record, staff, site)) !== null;
    else if (action === "start") done = await startInvalidation(record, staff);
    else if (action === "cancel") done = await cancelInvalidation(id, staff);
    const outcome = { count: "counted", start: "started", cancel: "cancelled" }[action];
    return redirect(`/staff/invalidations/${id}?done=${done && outcome ? outcome : "refused"}`, 303);
  }
  const shown = presentInvalidation(record);
  return noStore(
    page(site, event, "staff/invalidation.njk", {
      form: true,
      staff,
      invalidation: shown,
      criteria: Object.entries(shown.criteria).map(([name, value]) => ({ name, value: String(value) })),
      notice: notices[input.query.done ?? ""],
      canCount: record.state === "pending",
      canStart: record.state === "pending",
      canCancel: ["pending", "counting", "running"].includes(record.state),
      navigation: SYSADMIN_NAV,
    }),
  );
}
