/** The staff forms that record a government response and a debate on a petition. */
import * as z from "zod";
import { redirect } from "../../http/responses.ts";
import {
  debateSchema,
  governmentResponseSchema,
  pastScheduleProblem,
  setDebate,
  setGovernmentResponse,
} from "../../petitions/responses.ts";
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

const doneUrl = (id: number, done: string, jobId: string | null) =>
  `/staff/petitions/${id}?done=${done}${jobId ? `&job=${jobId}` : ""}`;

export const responseForm: ItemPage<FormBody> = async (site, event, staff, id, form) => {
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
const DATE_PARTS = ["day", "month", "year"] as const;

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
