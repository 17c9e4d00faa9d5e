/**
 * The government's response and Parliament's debate, set by staff on a published petition,
 * optionally emailing every subscribed signer through a mass-mail job started in the same
 * transaction.
 */
import { londonDate } from "../domain/closing-date.ts";
import { oneLineString } from "../domain/one-line.ts";
import { PUBLISHED_STATES } from "../domain/petition-state.ts";
import type { Staff } from "../domain/staff.ts";
import { type FieldProblem, ValidationError } from "../errors.ts";
import { jobPuts } from "../mail/mass-mail.ts";
import type { TemplateName } from "../mail/templates.ts";
import * as z from "../zod.ts";
import type { Debate, PetitionRecord } from "./model.ts";
import { revisedResponse, revisionSchema } from "./revisions.ts";
import { amend, type StoredPetition } from "./store.ts";

const isoDate = z.iso.date("Use a date like 2026-03-31");
const link = z.optional(
  z.nullable(z.url({ protocol: /^https$/, error: "Use a full https:// link" }).check(z.maxLength(500))),
);
const flag = z._default(z.boolean(), false);

export const governmentResponseSchema = z.object({
  responded_on: isoDate,
  summary: oneLineString("summary").check(
    z.trim(),
    z.minLength(1, "Enter a summary"),
    z.maxLength(200, "The summary must be 200 characters or fewer"),
  ),
  details: z._default(
    z.string().check(z.trim(), z.maxLength(6000, "The details must be 6,000 characters or fewer")),
    "",
  ),
  /** Required once the petition has a response: the Petitions Committee asked for a revised one. */
  revision: z.optional(revisionSchema),
  email_signers: flag,
});

export const debateSchema = z
  .object({
    scheduled_debate_date: z.optional(isoDate),
    scheduled_on: z.optional(isoDate),
    debated_on: z.optional(isoDate),
    overview: z.optional(
      z.string().check(z.trim(), z.maxLength(6000, "The overview must be 6,000 characters or fewer")),
    ),
    transcript_url: link,
    video_url: link,
    debate_pack_url: link,
    not_debated: z.optional(z.boolean()),
    reason: z.optional(
      z.string().check(z.trim(), z.maxLength(6000, "The reason must be 6,000 characters or fewer")),
    ),
    email_signers: flag,
  })
  .check(
    z.superRefine((value, ctx) => {
      if (value.not_debated && !value.reason) {
        ctx.addIssue({
          code: "custom",
          path: ["reason"],
          message: "Say why Parliament will not debate it",
          params: { code: "required" },
        });
      }
      const outcome =
        value.debated_on ||
        value.overview ||
        value.transcript_url ||
        value.video_url ||
        value.debate_pack_url;
      if (!value.not_debated && !outcome && !value.scheduled_debate_date && !value.scheduled_on) {
        ctx.addIssue({
          code: "custom",
          path: ["scheduled_debate_date"],
          message: "Give a debate date, an outcome, or not_debated with a reason",
          params: { code: "required" },
        });
      }
    }),
  );

/**
 * Scheduling a debate on a day already gone is refused (a debate that happened is recorded as
 * its outcome); a date today or later is fine. Outcomes and "not debated" may name any date.
 */
export function pastScheduleProblem(input: z.output<typeof debateSchema>, now: Date): FieldProblem | null {
  const outcome =
    input.debated_on || input.overview || input.transcript_url || input.video_url || input.debate_pack_url;
  if (input.not_debated || outcome) return null;
  const field = input.scheduled_debate_date ? "scheduled_debate_date" : "scheduled_on";
  const date = input.scheduled_debate_date ?? input.scheduled_on;
  if (!date || date >= londonDate(now)) return null;
  return {
    field,
    code: "past",
    message:
      "The debate date must be today or in the future; to record a debate that happened, record its outcome",
  };
}

export interface MassMailSettings {
  SIGNER_INDEX_SHARDS: number;
}

function massMail(
  petition: StoredPetition,
  template: TemplateName,
  data: Record<string, unknown>,
  staff: Staff,
  now: Date,
  settings: MassMailSettings,
) {
  return jobPuts(
    {
      petitionId: petition.id,
      template,
      data: { petition_id: petition.id, action: petition.action, ...data },
      total: petition.subscriber_count ?? 0,
      createdBy: staff.id,
      shards: settings.SIGNER_INDEX_SHARDS,
    },
    now,
  );
}

interface Update {
  set: Partial<PetitionRecord>;
  template: TemplateName;
  /** What the signers' email says. */
  data: Record<string, unknown>;
}

/**
 * Changes a published petition on staff's word, records who did it, and, when asked, starts
 * the job that emails every subscribed signer, all in one transaction.
 */
export async function updatePublished(
  id: number,
  action: string,
  emailSigners: boolean,
  staff: Staff,
  now: Date,
  settings: MassMailSettings,
  build: (current: StoredPetition, at: string) => Update,
): Promise<{ petition: PetitionRecord; jobId: string | null }> {
  let jobId: string | null = null;
  const petition = await amend(id, PUBLISHED_STATES, now, (current) => {
    const at = now.toISOString();
    const { set, template, data } = build(current, at);
    const job = emailSigners ? massMail(current, template, data, staff, now, settings) : null;
    jobId = job?.id ?? null;
    return {
      set: { ...set, moderation_log: [...current.moderation_log, { action, staff_id: staff.id, at }] },
      extra: job?.puts ?? [],
    };
  });
  return { petition, jobId };
}

export function setGovernmentResponse(
  id: number,
  input: z.output<typeof governmentResponseSchema>,
  staff: Staff,
  now: Date,
  settings: MassMailSettings,
) {
  return updatePublished(
    id,
    "government_response",
    input.email_signers,
    staff,
    now,
    settings,
    (current, at) => {
      const { set, data } = revisedResponse(current, input, at);
      return {
        set: {
          ...set,
          government_response_at: current.government_response_at ?? at,
          response_state: "responded",
        },
        template: "government_response",
        data: { responded_on: input.responded_on, summary: input.summary, details: input.details, ...data },
      };
    },
  );
}

export function setDebate(
  id: number,
  input: z.output<typeof debateSchema>,
  staff: Staff,
  now: Date,
  settings: MassMailSettings,
) {
  const past = pastScheduleProblem(input, now);
  if (past) throw new ValidationError([past]);
  return updatePublished(id, "debate", input.email_signers, staff, now, settings, (current, at): Update => {
    const scheduled = input.scheduled_debate_date ?? input.scheduled_on;
    const outcome =
      input.debated_on || input.overview || input.transcript_url || input.video_url || input.debate_pack_url;
    let set: Partial<PetitionRecord>;
    let template: TemplateName;
    let data: Record<string, unknown>;
    if (input.not_debated) {
      const debate: Debate = { ...emptyDebate, overview: input.reason ?? null };
      set = { debate, debate_state: "not_debated", debate_outcome_at: at };
      template = "debate_outcome";
      data = {
        debated: false,
        debated_on: null,
        overview: input.reason ?? null,
        transcript_url: null,
        video_url: null,
      };
    } else if (outcome) {
      const debate: Debate = {
        ...emptyDebate,
        debated_on: input.debated_on ?? current.scheduled_debate_date ?? null,
        overview: input.overview ?? null,
        transcript_url: input.transcript_url ?? null,
        video_url: input.video_url ?? null,
        debate_pack_url: input.debate_pack_url ?? null,
      };
      set = {
        debate,
        debate_state: "debated",
        debate_outcome_at: at,
        ...(scheduled ? { scheduled_debate_date: scheduled } : {}),
        ...scheduledStamp(current, scheduled ?? current.scheduled_debate_date, now),
      };
      template = "debate_outcome";
      data = {
        debated: true,
        debated_on: debate.debated_on,
        overview: debate.overview,
        transcript_url: debate.transcript_url,
        video_url: debate.video_url,
      };
    } else {
      const date = scheduled as string;
      set = { scheduled_debate_date: date, debate_state: "scheduled", ...scheduledStamp(current, date, now) };
      template = "debate_scheduled";
      data = { scheduled_debate_date: date };
    }
    return { set, template, data };
  });
}

/**
 * When the debate was scheduled, as e-petitions' Petition#update_debate_state keeps it: stamped
 * the first time a future debate date is set, kept while a date is set.
 */
export function scheduledStamp(
  current: Pick<PetitionRecord, "debate_scheduled_at">,
  date: string | undefined,
  now: Date,
): Pick<PetitionRecord, "debate_scheduled_at"> {
  if (current.debate_scheduled_at) return { debate_scheduled_at: current.debate_scheduled_at };
  if (date && date > londonDate(now)) return { debate_scheduled_at: now.toISOString() };
  return {};
}

/** A debate record with nothing known yet. */
export const emptyDebate: Debate = {
  debated_on: null,
  transcript_url: null,
  video_url: null,
  debate_pack_url: null,
  public_engagement_url: null,
  debate_summary_url: null,
  overview: null,
};
