/**
 * A petition's staff page: its details, the moderation form, and the government response and
 * debate forms (whose posts are handled in staff-response-forms.ts); and the moderation post.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { getPetition } from "../../db/petitions.ts";
import { londonDate } from "../../domain/closing-date.ts";
import { decisionsFor } from "../../domain/decisions.ts";
import { rejectionReasons } from "../../domain/petition-state.ts";
import { NotFoundError } from "../../errors.ts";
import type { Staff } from "../../http/auth.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { moderate, moderationSchema } from "../../petitions/moderation.ts";
import { presentAdminPetition } from "../../petitions/queues.ts";
import { type FormBody, field, formErrors, noErrors, page } from "../page.ts";
import {
  dateParts,
  type FormState,
  moderatorPage,
  noStore,
  petitionFormPost,
  STAFF_NAV,
  type StaffSite,
} from "./staff.ts";

export const moderationPage = petitionFormPost(async (site, event, staff, id: number, form: FormBody) => {
  const decision = moderationSchema.safeParse({
    decision: field(form, "decision") || undefined,
    reason_code: field(form, "reason_code") || undefined,
    details: field(form, "details") || undefined,
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
});

/** A petition's staff page: its details, the moderation form, and the response and debate forms. */
export const petitionPage = moderatorPage(
  async (site, event, staff, id: number, query: Record<string, string | undefined>) => {
    const job = query.job && /^[0-9a-f-]{36}$/.test(query.job) ? query.job : undefined;
    return staffPetitionPage(site, event, staff, id, {}, { done: query.done, job });
  },
);

export async function staffPetitionPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  staff: Staff,
  id: number,
  forms: { moderation?: FormState; response?: FormState; debate?: FormState },
  banner: { done?: string | undefined; job?: string | undefined } = {},
): Promise<HttpResult> {
  const petition = await getPetition(id, true);
  if (!petition) throw new NotFoundError("No petition has that id");
  const failed = forms.moderation ?? forms.response ?? forms.debate;
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
        decisions: decisionsFor(petition.state),
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
