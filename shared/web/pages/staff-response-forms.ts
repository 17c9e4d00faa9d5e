/** The staff forms that record a government response and a debate on a petition. */
import { StateConflictError } from "../../errors.ts";
import { redirect } from "../../http/responses.ts";
import {
  debateSchema,
  governmentResponseSchema,
  pastScheduleProblem,
  setDebate,
  setGovernmentResponse,
} from "../../petitions/responses.ts";
import { NEEDS_REVISION, revisionSchema } from "../../petitions/revisions.ts";
import * as z from "../../zod.ts";
import { type FormBody, type FormErrors, field, formErrors } from "../page.ts";
import { type ItemPage, staffPetitionPage } from "./staff.ts";

/** The three boxes of a GOV.UK date input as an ISO date, or undefined when all are empty. */
export function dateField(form: FormBody, name: string): string | undefined {
  const [day, month, year] = ["day", "month", "year"].map((part) => field(form, `${name}-${part}`).trim());
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day ?? "") || !/^\d{1,2}$/.test(month ?? "") || !/^\d{4}$/.test(year ?? "")) {
    return `${year}-${month}-${day}`;
  }
  return `${year}-${month?.padStart(2, "0")}-${day?.padStart(2, "0")}`;
}

export const text = (form: FormBody, name: string): string | undefined =>
  field(form, name).trim() || undefined;
export const ticked = (form: FormBody, name: string) => field(form, name) === "yes";

export interface FieldInfo {
  /** The element the error summary links to. */
  id: string;
  /** For a date: how to name it in "Enter …" and "… must be a real date". */
  date?: string;
}

/**
 * The schema's errors for the page: each linked to its element, date messages in GOV.UK's words
 * ("Enter the date…", "…must be a real date") rather than the JSON API's.
 */
export function pageErrors(
  error: z.core.$ZodError,
  fields: Record<string, FieldInfo>,
  input: Record<string, unknown>,
  rename: Record<string, string> = {},
): FormErrors {
  const renamed = {
    issues: error.issues.map((issue) => {
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
  };
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
  revision_requested_on: {
    id: "revision_requested_on-day",
    date: "the date the Petitions Committee asked for a revised response",
  },
  revision_reason: { id: "response-revision_reason" },
  email_signers: { id: "response-email_signers" },
};

/** The response form's fields, the committee's request for a revision flattened into two of them. */
const responsePageSchema = z
  .extend(z.omit(governmentResponseSchema, { revision: true }), {
    revision_requested_on: z.optional(revisionSchema.shape.requested_on),
    revision_reason: z.optional(revisionSchema.shape.reason),
  })
  .check(
    z.superRefine((value, ctx) => {
      if (!value.revision_requested_on === !value.revision_reason) return;
      const missing = value.revision_requested_on ? "revision_reason" : "revision_requested_on";
      ctx.addIssue({ code: "custom", path: [missing], message: REVISION_PAIR, params: { code: "required" } });
    }),
  );
const REVISION_PAIR =
  "Give both the date the Petitions Committee asked for a revised response and its reason";

export const doneUrl = (id: number, done: string, jobId: string | null) =>
  `/staff/petitions/${id}?done=${done}${jobId ? `&job=${jobId}` : ""}`;

export const responseForm: ItemPage<FormBody> = async (site, event, staff, id, form) => {
  const input = {
    responded_on: dateField(form, "responded_on"),
    summary: field(form, "summary"),
    details: field(form, "details"),
    revision_requested_on: dateField(form, "revision_requested_on"),
    revision_reason: text(form, "revision_reason"),
    email_signers: ticked(form, "email_signers"),
  };
  const parsed = responsePageSchema.safeParse(input);
  let errors: FormErrors | null = parsed.success ? null : pageErrors(parsed.error, RESPONSE_FIELDS, input);
  if (parsed.success) {
    const { revision_requested_on: requested_on, revision_reason: reason, ...response } = parsed.data;
    const revision = requested_on && reason ? { requested_on, reason } : undefined;
    try {
      const { jobId } = await setGovernmentResponse(id, { ...response, revision }, staff, new Date(), site);
      return redirect(doneUrl(id, "response", jobId), 303);
    } catch (error) {
      if (!(error instanceof StateConflictError) || error.message !== NEEDS_REVISION) throw error;
      const message = "Record when and why the Petitions Committee asked for a revised response";
      errors = {
        list: [{ text: message, href: "#revision_requested_on-day" }],
        byField: { revision_requested_on: { text: message } },
      };
    }
  }
  return staffPetitionPage(site, event, staff, id, {
    response: {
      errors: errors as FormErrors,
      values: {
        responded_on: {
          day: field(form, "responded_on-day"),
          month: field(form, "responded_on-month"),
          year: field(form, "responded_on-year"),
        },
        summary: input.summary,
        details: input.details,
        revision_requested_on: Object.fromEntries(
          DATE_PARTS.map((part) => [part, field(form, `revision_requested_on-${part}`)]),
        ),
        revision_reason: field(form, "revision_reason"),
        email_signers: input.email_signers,
      },
    },
  });
};

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
export const DATE_PARTS = ["day", "month", "year"] as const;

export const debateForm: ItemPage<FormBody> = async (site, event, staff, id, form) => {
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
};
