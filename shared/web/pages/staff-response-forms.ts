/**
 * Staff pages for the work after publication: the government response and debate forms on a
 * petition's staff page (each can email every subscribed signer), a mass-mail job's progress,
 * and the threshold report. Each page checks the staff session and role like the moderation
 * pages, every form carries the CSRF token, and each form goes through the same use case and
 * schema as the JSON staff route (shared/petitions/responses.ts, shared/mail/mass-mail.ts,
 * shared/petitions/thresholds.ts); this module only translates form fields and messages.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { z } from "zod";
import { londonDate, startOfLondonDay } from "../../domain/closing-date.ts";
import { NotFoundError } from "../../errors.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { cancelJob, getJob, presentJob } from "../../mail/mass-mail.ts";
import type { TemplateName } from "../../mail/templates.ts";
import {
  debateSchema,
  governmentResponseSchema,
  pastScheduleProblem,
  setDebate,
  setGovernmentResponse,
} from "../../petitions/responses.ts";
import { reportSince, thresholdReportQuery } from "../../petitions/thresholds.ts";
import { type FormBody, type FormErrors, field, formErrors, page, requireCsrf } from "../page.ts";
import {
  dateParts,
  isResult,
  moderator,
  moderatorForm,
  noStore,
  STAFF_NAV,
  type StaffSite,
  staffPetitionPage,
} from "./staff.ts";

/** The three boxes of a GOV.UK date input as an ISO date, or undefined when all are empty. */
function dateField(form: FormBody, name: string): string | undefined {
  const [day, month, year] = ["day", "month", "year"].map((part) => field(form, `${name}-${part}`).trim());
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day ?? "") || !/^\d{1,2}$/.test(month ?? "") || !/^\d{4}$/.test(year ?? "")) {
    return `${year}-${month}-${day}`;
  }
  return `${year}-${month?.padStart(2, "0")}-${day?.padStart(2, "0")}`;
}

const text = (form: FormBody, name: string): string | undefined => field(form, name).trim() || undefined;
const ticked = (form: FormBody, name: string) => field(form, name) === "yes";

interface FieldInfo {
  /** The element the error summary links to. */
  id: string;
  /** For a date: how to name it in "Enter …" and "… must be a real date". */
  date?: string;
}

/**
 * The schema's errors for the page: each linked to its element, date messages in GOV.UK's words
 * ("Enter the date…", "…must be a real date") rather than the JSON API's.
 */
function pageErrors(
  error: z.ZodError,
  fields: Record<string, FieldInfo>,
  input: Record<string, unknown>,
  rename: Record<string, string> = {},
): FormErrors {
  const renamed = new z.ZodError(
    error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "form");
      const name = rename[key] ?? key;
      const info = fields[name];
      let message = issue.message;
      if (info?.date && input[name] === undefined) message = `Enter ${info.date}`;
      else if (info?.date && issue.code !== "custom") {
        message = `${info.date[0]?.toUpperCase()}${info.date.slice(1)} must be a real date`;
      }
      return { ...issue, path: [name], message };
    }),
  );
  const errors = formErrors(renamed, Object.keys(fields));
  return {
    byField: errors.byField,
    list: errors.list.map((item) => {
      const name = item.href.slice(1);
      return { ...item, href: `#${fields[name]?.id ?? name}` };
    }),
  };
}

const RESPONSE_FIELDS: Record<string, FieldInfo> = {
  responded_on: { id: "responded_on-day", date: "the date the government responded" },
  summary: { id: "response-summary" },
  details: { id: "response-details" },
  email_signers: { id: "response-email_signers" },
};

export async function responseForm(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  id: number,
  form: FormBody,
): Promise<HttpResult> {
  const staff = await moderatorForm(site, event, form);
  if (isResult(staff)) return staff;
  const input = {
    responded_on: dateField(form, "responded_on"),
    summary: field(form, "summary"),
    details: field(form, "details"),
    email_signers: ticked(form, "email_signers"),
  };
  const parsed = governmentResponseSchema.safeParse(input);
  if (parsed.success) {
    const { jobId } = await setGovernmentResponse(id, parsed.data, staff, new Date(), site);
    return redirect(doneUrl(id, "response", jobId), 303);
  }
  return staffPetitionPage(site, event, staff, id, {
    response: {
      errors: pageErrors(parsed.error, RESPONSE_FIELDS, input),
      values: {
        responded_on: {
          day: field(form, "responded_on-day"),
          month: field(form, "responded_on-month"),
          year: field(form, "responded_on-year"),
        },
        summary: input.summary,
        details: input.details,
        email_signers: input.email_signers,
      },
    },
  });
}

const DEBATE_FIELDS: Record<string, FieldInfo> = {
  kind: { id: "debate-kind" },
  scheduled_debate_date: { id: "scheduled_debate_date-day", date: "the date of the debate" },
  debated_on: { id: "debated_on-day", date: "the date it was debated" },
  overview: { id: "debate-overview" },
  transcript_url: { id: "debate-transcript_url" },
  video_url: { id: "debate-video_url" },
  debate_pack_url: { id: "debate-debate_pack_url" },
  reason: { id: "debate-reason" },
  email_signers: { id: "debate-email_signers" },
};
const debateKinds = ["schedule", "debated", "not_debated"] as const;
const DATE_PARTS = ["day", "month", "year"] as const;

export async function debateForm(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  id: number,
  form: FormBody,
): Promise<HttpResult> {
  const staff = await moderatorForm(site, event, form);
  if (isResult(staff)) return staff;
  const kind = debateKinds.find((k) => k === field(form, "kind"));
  const email_signers = ticked(form, "email_signers");
  // Only the chosen option's fields are sent: the schema decides what the input means.
  const input: Record<string, unknown> =
    kind === "schedule"
      ? { scheduled_debate_date: dateField(form, "scheduled_debate_date"), email_signers }
      : kind === "debated"
        ? {
            debated_on: dateField(form, "debated_on"),
            overview: text(form, "overview"),
            transcript_url: text(form, "transcript_url"),
            video_url: text(form, "video_url"),
            debate_pack_url: text(form, "debate_pack_url"),
            email_signers,
          }
        : kind === "not_debated"
          ? { not_debated: true, reason: text(form, "reason"), email_signers }
          : {};
  const parsed = kind ? debateSchema.safeParse(input) : null;
  const past = parsed?.success ? pastScheduleProblem(parsed.data, new Date()) : null;
  if (parsed?.success && !past) {
    const { jobId } = await setDebate(id, parsed.data, staff, new Date(), site);
    return redirect(doneUrl(id, "debate", jobId), 303);
  }
  const errors: FormErrors = past
    ? {
        list: [{ text: past.message, href: "#scheduled_debate_date-day" }],
        byField: { scheduled_debate_date: { text: past.message } },
      }
    : parsed && !parsed.success
      ? pageErrors(parsed.error, DEBATE_FIELDS, input, {
          // "No date, outcome or reason" is reported on the schedule date; point at the chosen option.
          scheduled_debate_date: kind === "debated" ? "debated_on" : "scheduled_debate_date",
        })
      : {
          list: [{ text: "Choose what to record", href: "#debate-kind" }],
          byField: { kind: { text: "Choose what to record" } },
        };
  const dates = Object.fromEntries(
    ["scheduled_debate_date", "debated_on"].map((name) => [
      name,
      Object.fromEntries(DATE_PARTS.map((part) => [part, field(form, `${name}-${part}`)])),
    ]),
  );
  return staffPetitionPage(site, event, staff, id, {
    debate: {
      errors,
      values: {
        kind: kind ?? "",
        ...dates,
        overview: field(form, "overview"),
        transcript_url: field(form, "transcript_url"),
        video_url: field(form, "video_url"),
        debate_pack_url: field(form, "debate_pack_url"),
        reason: field(form, "reason"),
        email_signers,
      },
    },
  });
}

const doneUrl = (id: number, done: string, jobId: string | null) =>
  `/staff/petitions/${id}?done=${done}${jobId ? `&job=${jobId}` : ""}`;

const templateLabels: Partial<Record<TemplateName, string>> = {
  government_response: "The government's response",
  debate_scheduled: "The debate date",
  debate_outcome: "The debate outcome",
  threshold_response: "The petition will get a government response",
  threshold_debate: "Parliament will consider a debate",
};
const stateLabels = { running: "Sending", done: "Done", cancelled: "Cancelled" } as const;

/** GET /staff/jobs/{id}: a mass-mail job's progress; POST /staff/jobs/{id}/cancel stops it. */
export async function jobPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  id: string,
  form: FormBody,
  query: Record<string, string | undefined>,
): Promise<HttpResult> {
  const staff = await moderator(site, event);
  if (isResult(staff)) return staff;
  let notice: string | undefined;
  if (event.requestContext.http.method === "POST") {
    requireCsrf(site, event, form);
    if (await cancelJob(id, new Date())) return redirect(`/staff/jobs/${id}?cancelled=1`, 303);
    notice = "This job had already finished, so there was nothing to cancel.";
  }
  const job = await getJob(id);
  if (!job) throw new NotFoundError("No job has that id");
  const shown = presentJob(job);
  const percent =
    shown.total > 0 ? Math.min(100, Math.round(((shown.sent + shown.failed) / shown.total) * 100)) : 100;
  return noStore(
    page(site, event, "staff/job.njk", {
      form: true,
      staff,
      job: {
        ...shown,
        state_label: stateLabels[shown.state],
        template_label: templateLabels[shown.template] ?? shown.template,
        percent,
      },
      cancelled: query.cancelled === "1",
      notice,
      navigation: STAFF_NAV,
    }),
  );
}

/** GET /staff/reports/thresholds?since-day=&since-month=&since-year=: crossings since a date. */
export async function thresholdReportPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  raw: Record<string, string | undefined>,
): Promise<HttpResult> {
  const staff = await moderator(site, event);
  if (isResult(staff)) return staff;
  const form: FormBody = Object.fromEntries(
    Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const date = dateField(form, "since");
  const day = date !== undefined && z.iso.date().safeParse(date).success ? date : null;
  const parsed = thresholdReportQuery.safeParse(
    date === undefined ? {} : { since: day ? startOfLondonDay(day).toISOString() : "not a date" },
  );
  const errors = parsed.success
    ? { list: [], byField: {} }
    : {
        list: [{ text: "The date must be a real date", href: "#since-day" }],
        byField: { since: { text: "The date must be a real date" } },
      };
  const since = parsed.success ? parsed.data.since : thresholdReportQuery.parse({}).since;
  const entries = parsed.success ? await reportSince(since) : [];
  const thresholds = { response: site.THRESHOLD_FOR_RESPONSE, debate: site.THRESHOLD_FOR_DEBATE };
  return noStore(
    page(
      site,
      event,
      "staff/thresholds.njk",
      {
        staff,
        form: true,
        errors,
        since: parsed.success
          ? dateParts(londonDate(new Date(since)))
          : { day: raw["since-day"], month: raw["since-month"], year: raw["since-year"] },
        sinceDate: londonDate(new Date(since)),
        entries: entries.map((e) => ({
          ...e,
          threshold_label:
            e.threshold === "response"
              ? `Government response (${thresholds.response.toLocaleString("en-GB")})`
              : `Debate (${thresholds.debate.toLocaleString("en-GB")})`,
          reached_on: londonDate(new Date(e.reached_at)),
        })),
        navigation: STAFF_NAV,
      },
      parsed.success ? 200 : 422,
    ),
  );
}
