/**
 * Staff pages under /staff: sign-in (Cognito's hosted sign-in on AWS, a pasted token from
 * `npm run token` locally), the moderation queues and a petition's page with its moderation form.
 * (Sign-in is in staff-sign-in.ts; the response and debate forms, job progress and the threshold report have a module each.) They are
 * public routes at API Gateway; the session cookie's JWT and the role are checked before a
 * moderator's page runs (staff-routes.ts).
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { londonDate } from "../../domain/closing-date.ts";
import { decisionsFor } from "../../domain/decisions.ts";
import { isVisible, rejectionReasons } from "../../domain/petition-state.ts";
import { ForbiddenError, NotFoundError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { getPetition } from "../../petitions/items.ts";
import { moderate, moderationSchema } from "../../petitions/moderation.ts";
import { presentAdminPetition, queueQuerySchema, queues, readQueue } from "../../petitions/queues.ts";
import {
  type FormBody,
  type FormErrors,
  field,
  formErrors,
  noErrors,
  page,
  requireCsrf,
  type Site,
} from "../page.ts";
import { type StaffAuthSettings, sessionStaff } from "../staff-session.ts";
import { type ToolForm, toolsView } from "./staff-tools-view.ts";

export type StaffSite = Site &
  StaffAuthSettings & {
    STAFF_SIGN_IN_URL: string;
    PETITION_DURATION_MONTHS: number;
    SIGNER_INDEX_SHARDS: number;
    EMAIL_STRIP_PLUS_TAG: boolean;
    THRESHOLD_FOR_RESPONSE: number;
    THRESHOLD_FOR_DEBATE: number;
    TRENDING_THRESHOLD: number;
  };

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

/** A staff page for a signed-in moderator (shared/web/pages/staff-routes.ts checks the session first). */
export type StaffPage<T> = (
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  input: T,
) => Promise<HttpResult>;

/** A staff page about one petition (or, by its id type, one mass-mail job), for a signed-in moderator. */
export type ItemPage<T, Id = number> = (
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  id: Id,
  input: T,
) => Promise<HttpResult>;

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

export const queuePage: StaffPage<Record<string, string | undefined>> = async (site, event, staff, raw) => {
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
};

export const moderationPage: ItemPage<FormBody> = async (site, event, staff, id, form) => {
  const decision = moderationSchema.safeParse({
    decision: field(form, "decision") || undefined,
    reason_code: field(form, "reason_code") || undefined,
    details: field(form, "details") || undefined,
    // "Save and email" or "Save": the button pressed.
    email: field(form, "email") || undefined,
  });
  if (decision.success) {
    await moderate(id, decision.data, staff, new Date(), site);
    return redirect(`/staff/petitions/${id}?done=${decision.data.decision}`, 303);
  }
  return staffPetitionPage(site, event, staff, id, {
    moderation: {
      errors: formErrors(decision.error, ["decision", "reason_code", "details"]),
      values: {
        decision: field(form, "decision"),
        reason_code: field(form, "reason_code"),
        details: field(form, "details"),
      },
    },
  });
};

/** One form's state on the petition page: what was posted and what was wrong with it. */
export interface FormState {
  errors: FormErrors;
  values: Record<string, unknown>;
}

/** A petition's staff page: its details, the moderation form, and the response and debate forms. */
export const petitionPage: ItemPage<Record<string, string | undefined>> = async (
  site,
  event,
  staff,
  id,
  query,
) => {
  const job = query.job && /^[0-9a-f-]{36}$/.test(query.job) ? query.job : undefined;
  return staffPetitionPage(site, event, staff, id, {}, { done: query.done, job });
};

export async function staffPetitionPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  id: number,
  forms: { [form in "moderation" | "response" | "debate" | "business" | "note" | ToolForm]?: FormState },
  banner: { done?: string | undefined; job?: string | undefined } = {},
): Promise<HttpResult> {
  const petition = await getPetition(id, true);
  if (!petition) throw new NotFoundError("No petition has that id");
  const failed =
    forms.moderation ??
    forms.response ??
    forms.debate ??
    forms.business ??
    forms.note ??
    forms.moderator_note ??
    forms.tags ??
    forms.texts;
  const tools = await toolsView(petition, forms);
  const errors = failed?.errors ?? noErrors();
  const response = petition.government_response;
  const debate = petition.debate;
  const debateKind =
    petition.debate_state === "debated" && debate
      ? "debated"
      : petition.debate_state === "not_debated"
        ? "not_debated"
        : petition.scheduled_debate_date
          ? "schedule"
          : "";
  return noStore(
    page(
      site,
      event,
      "staff/petition.njk",
      {
        form: true,
        staff,
        petition: {
          ...presentAdminPetition(petition),
          subscriber_count: petition.subscriber_count ?? 0,
          response_state: petition.response_state,
          debate_state: petition.debate_state,
          government_response: response ?? null,
          scheduled_debate_date: petition.scheduled_debate_date ?? null,
          debate: petition.debate ?? null,
          other_business: petition.other_business ?? [],
        },
        published: petition.state === "open" || petition.state === "closed",
        done: banner.done,
        job: banner.job,
        errors,
        moderation: forms.moderation ?? { errors: noErrors(), values: {} },
        response: forms.response ?? {
          errors: noErrors(),
          values: {
            responded_on: dateParts(response?.responded_on ?? londonDate(new Date())),
            summary: response?.summary ?? "",
            details: response?.details ?? "",
          },
        },
        // Each form shows what is saved already, so saving again changes only what was edited.
        debate: forms.debate ?? {
          errors: noErrors(),
          values: {
            kind: debateKind,
            ...(petition.scheduled_debate_date
              ? { scheduled_debate_date: dateParts(petition.scheduled_debate_date) }
              : {}),
            ...(debateKind === "debated" && debate?.debated_on
              ? { debated_on: dateParts(debate.debated_on) }
              : {}),
            overview: debateKind === "debated" ? (debate?.overview ?? "") : "",
            transcript_url: debate?.transcript_url ?? "",
            video_url: debate?.video_url ?? "",
            debate_pack_url: debate?.debate_pack_url ?? "",
            reason: debateKind === "not_debated" ? (debate?.overview ?? "") : "",
          },
        },
        business: forms.business ?? {
          errors: noErrors(),
          values: { occurred_on: dateParts(londonDate(new Date())) },
        },
        note: forms.note ?? { errors: noErrors(), values: { committee_note: petition.committee_note ?? "" } },
        visible: isVisible(petition.state),
        decisions: decisionsFor(petition.state),
        reasons: rejectionReasons.map((r) => ({
          value: r.code,
          text: `${r.title}${r.hidden ? " (hidden)" : ""}`,
        })),
        navigation: STAFF_NAV,
        ...tools,
      },
      errors.list.length > 0 ? 422 : 200,
    ),
  );
}

/** An ISO date as the day, month and year of GOV.UK's date input. */
export function dateParts(date: string | undefined): { day: string; month: string; year: string } {
  const [year = "", month = "", day = ""] = (date ?? "").split("-");
  return { day: day.replace(/^0/, ""), month: month.replace(/^0/, ""), year };
}
