/**
 * Staff decisions on a petition: publish, reject (hidden reasons hide it), flag, park as
 * dormant, restore. Each is a conditional transition that records who acted and when, and
 * writes its emails in the same transaction: to the creator and, for publishing or rejecting a
 * petition before it opened, to each validated supporter (e-petitions'
 * NotifyEveryoneOfModerationDecisionJob), once each. `email: false` ("save" rather than
 * "save and email") records the decision and sends nothing.
 */
import { closingDateFor } from "../domain/closing-date.ts";
import {
  inState,
  type PetitionEvent,
  REJECTED_STATES,
  rejectionCodeSchema,
  rejectionReasonFor,
  UNDECIDED,
} from "../domain/petition-state.ts";
import type { Staff } from "../domain/staff.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import type { NewMessage } from "../mail/outbox.ts";
import { type Supporter, validatedSponsors } from "../signatures/sponsors.ts";
import { getCreator } from "../signatures/store.ts";
import * as z from "../zod.ts";
import { getPetition } from "./items.ts";
import type { PetitionRecord } from "./model.ts";
import { type StoredPetition, transition } from "./store.ts";

export const moderationSchema = z
  .object({
    decision: z.enum(["publish", "reject", "hide", "flag", "dormant", "restore", "take_down"], {
      error: "Choose publish, reject, hide, flag, dormant, restore or take_down",
    }),
    reason_code: z.optional(rejectionCodeSchema),
    details: z.optional(
      z.string().check(z.trim(), z.maxLength(4000, "Details must be 4,000 characters or fewer")),
    ),
    /** "Save and email" (the default) or "save" alone. Forms send "true" or "false". */
    email: z._default(
      z.union(
        [
          z.boolean(),
          z.pipe(
            z.enum(["true", "false"]),
            z.transform((v) => v === "true"),
          ),
        ],
        { error: "Say whether to email the creator and supporters (true or false)" },
      ),
      true,
    ),
  })
  .check(
    z.superRefine((value, ctx) => {
      if (
        (value.decision === "reject" || value.decision === "hide" || value.decision === "take_down") &&
        !value.reason_code
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["reason_code"],
          message: "Choose a reason for rejecting the petition",
          params: { code: "required" },
        });
      }
    }),
  );
export type ModerationDecision = z.output<typeof moderationSchema>;

export interface ModerationSettings {
  PETITION_DURATION_MONTHS: number;
  SIGNER_INDEX_SHARDS: number;
}

/** Who a decision emails: the creator, and the supporters when the petition had not opened. */
interface Recipients {
  creator: { email: string; name: string } | null;
  supporters: Supporter[];
}

function eventFor(decision: ModerationDecision): PetitionEvent {
  const reason = decision.reason_code ? rejectionReasonFor(decision.reason_code) : null;
  if (decision.decision === "take_down") return reason?.hidden ? "take_down_hidden" : "take_down";
  if (decision.decision === "reject" || decision.decision === "hide") {
    return decision.decision === "hide" || reason?.hidden ? "hide" : "reject";
  }
  if (decision.decision === "dormant") return "dormant";
  return decision.decision;
}

function changeFor(
  decision: ModerationDecision,
  current: StoredPetition,
  staff: Staff,
  now: Date,
  settings: ModerationSettings,
  recipients: Recipients,
): { set: Partial<PetitionRecord>; mail: NewMessage[] } {
  const at = now.toISOString();
  const log = [
    ...current.moderation_log,
    {
      action: decision.decision,
      staff_id: staff.id,
      at,
      ...(decision.reason_code ? { reason_code: decision.reason_code } : {}),
      ...(decision.email ? {} : { emailed: false as const }),
    },
  ];
  const { creator } = recipients;
  const message = (template: NewMessage["template"], to: Supporter, data: Record<string, unknown>) => ({
    template,
    to: to.email,
    petitionId: current.id,
    data: { petition_id: current.id, action: current.action, name: to.name, ...data },
  });
  const mailTo = (template: NewMessage["template"], data: Record<string, unknown>): NewMessage[] => {
    if (!decision.email) return [];
    const supporters = inState(current.state, UNDECIDED)
      ? recipients.supporters.filter((s) => s.email !== creator?.email)
      : [];
    const toSupporters =
      template === "petition_published" ? "sponsor_petition_published" : "sponsor_petition_rejected";
    return [
      ...(creator ? [message(template, creator, data)] : []),
      ...supporters.map((s) => message(toSupporters, s, data)),
    ];
  };
  switch (decision.decision) {
    case "publish": {
      const { closingDate, closesAt } = closingDateFor(now, settings.PETITION_DURATION_MONTHS);
      return {
        set: {
          opened_at: at,
          closing_date: closingDate,
          closes_at: closesAt.toISOString(),
          moderation_log: log,
        },
        mail: mailTo("petition_published", { closing_date: closingDate }),
      };
    }
    case "reject":
    case "hide":
    case "take_down": {
      const code = decision.reason_code ?? "offensive";
      const reason = rejectionReasonFor(code);
      const event = eventFor(decision);
      const hidden = event === "hide" || event === "take_down_hidden";
      const published = current.state === "open" || current.state === "closed";
      return {
        set: {
          rejected_at: at,
          rejection: { code, details: decision.details || null },
          moderation_log: log,
          ...(published ? { published_before: true } : {}),
        },
        mail: mailTo("petition_rejected", {
          reason_title: reason.title,
          reason_description: reason.description,
          details: decision.details || null,
          hidden,
        }),
      };
    }
    case "restore":
      return {
        set: {
          rejected_at: undefined,
          rejection: undefined,
          opened_at: undefined,
          closed_at: undefined,
          moderation_log: log,
        },
        mail: [],
      };
    default:
      return { set: { moderation_log: log }, mail: [] };
  }
}

export async function moderate(
  id: number,
  decision: ModerationDecision,
  staff: Staff,
  now: Date,
  settings: ModerationSettings,
): Promise<StoredPetition> {
  const event = eventFor(decision);
  // The creator never changes, so their address can be read before the transition.
  const before = await getPetition(id);
  if (!before) throw new NotFoundError("No petition has that id");
  const creator = decision.email ? await getCreator(before) : null;
  // Supporters are emailed only about a petition that never opened; they are read here, outside
  // the transaction, like the creator.
  const emailsSupporters =
    decision.email &&
    ["publish", "reject", "hide"].includes(decision.decision) &&
    inState(before.state, UNDECIDED);
  const supporters = emailsSupporters ? await validatedSponsors(id, settings.SIGNER_INDEX_SHARDS) : [];
  return transition(id, event, now, (current) => {
    // Changing a rejected or hidden petition is for sysadmins, as on petition.parliament.uk.
    if (event === "restore" && inState(current.state, REJECTED_STATES) && !staff.roles.includes("sysadmin")) {
      throw new ForbiddenError("Only a sysadmin can restore a rejected petition");
    }
    return changeFor(decision, current, staff, now, settings, { creator, supporters });
  });
}
