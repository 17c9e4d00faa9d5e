/** Emails to a petition's signers about its outcome: the government's response and the debate. */
import { paragraphsOf, readableDate } from "../../domain/readable.ts";
import * as z from "../../zod.ts";
import { compose, inert, type MailContext, petitionUrl, quoted, titled, updateData } from "./compose.ts";

const responseData = z.extend(updateData, {
  responded_on: z.string(),
  summary: z.string(),
  details: z.string(),
  /** Set when the Petitions Committee asked for this revised response. */
  revision: z.optional(z.object({ requested_on: z.string(), reason: z.string() })),
});

export const outcomeMail = {
  government_response: {
    data: responseData,
    render: (d: z.output<typeof responseData>, ctx: MailContext) =>
      compose(
        `${d.revision ? "Government revised its response to" : "Government responded to"}: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          ...(d.revision
            ? [
                `This is a revised response. On ${readableDate(d.revision.requested_on)} the Petitions Committee asked the government for a revised response: ${d.revision.reason}`,
                `The government's original response stays on the petition's page, towards the bottom.`,
              ]
            : []),
          `The government ${d.revision ? "revised its response to" : "responded to"} the petition ${quoted(d.action)} on ${readableDate(d.responded_on)}:`,
          d.summary,
          ...paragraphsOf(d.details),
          { link: petitionUrl(ctx, d.petition_id), label: "Read the response on the petition's page" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
  debate_scheduled: {
    data: z.extend(updateData, { scheduled_debate_date: z.string() }),
    render: (d: z.output<typeof updateData> & { scheduled_debate_date: string }, ctx: MailContext) =>
      compose(
        `Parliament will debate: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Parliament will debate the petition ${quoted(d.action)} on ${readableDate(d.scheduled_debate_date)}.`,
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
  debate_outcome: {
    data: z.extend(updateData, {
      debated: z.boolean(),
      debated_on: z.nullable(z.string()),
      overview: z.nullable(z.string()),
      transcript_url: z.nullable(z.string()),
      video_url: z.nullable(z.string()),
    }),
    render: (
      d: z.output<typeof updateData> & {
        debated: boolean;
        debated_on: string | null;
        overview: string | null;
        transcript_url: string | null;
        video_url: string | null;
      },
      ctx: MailContext,
    ) =>
      compose(
        d.debated
          ? `Parliament debated: ${titled(d.action)}`
          : `Parliament didn't debate: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          d.debated
            ? `Parliament debated the petition ${quoted(d.action)}${d.debated_on ? ` on ${readableDate(d.debated_on)}` : ""}.`
            : `The Petitions Committee decided not to debate the petition ${quoted(d.action)}.`,
          ...paragraphsOf(d.overview),
          ...(d.transcript_url ? [{ link: d.transcript_url, label: "Read the transcript" }] : []),
          ...(d.video_url ? [{ link: d.video_url, label: "Watch the debate" }] : []),
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
} as const;
