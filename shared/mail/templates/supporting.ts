/**
 * Emails about supporting a petition before it opens: to each validated supporter when a
 * moderator publishes or rejects the petition they supported (e-petitions'
 * notify_sponsor_that_petition_was_published / _rejected), and to the creator each time
 * someone supports it below the moderation threshold ("Someone supported: …").
 */
import { readableDate } from "../../domain/readable.ts";
import { supporters } from "../../petitions/threshold-numbers.ts";
import * as z from "../../zod.ts";
import {
  compose,
  inert,
  type MailContext,
  petitionData,
  petitionUrl,
  quoted,
  thresholdsOf,
  titled,
} from "./compose.ts";

const rejectedData = z.extend(petitionData, {
  reason_title: z.string(),
  reason_description: z.string(),
  details: z.nullable(z.string()),
  hidden: z.boolean(),
});

/** The rejection email, to the creator ("your petition") or to a supporter ("the petition you supported"). */
export const rejectionMail = (to: "creator" | "supporter") => {
  const words =
    to === "creator"
      ? {
          subject: "We rejected your petition",
          opening: (action: string) => `We could not accept your petition ${quoted(action)}.`,
          it: "your petition",
          onSite: "Your petition and the reason we rejected it are on the website:",
        }
      : {
          subject: "We rejected the petition you supported",
          opening: (action: string) =>
            `Thank you for supporting the petition ${quoted(action)}. We could not accept it.`,
          it: "the petition",
          onSite: "The petition and the reason we rejected it are on the website:",
        };
  return {
    data: rejectedData,
    render: (d: z.output<typeof rejectedData>, ctx: MailContext) =>
      compose(
        `${words.subject}: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          words.opening(d.action),
          `Reason: ${d.reason_title}. ${d.reason_description}`,
          ...(d.details ? [d.details] : []),
          ...(d.hidden
            ? [`Because of the reason above, we will not publish the text of ${words.it} on the website.`]
            : [words.onSite, { link: petitionUrl(ctx, d.petition_id) }]),
          { link: `${ctx.publicUrl}/help/standards`, label: "Our standards for petitions" },
        ],
        ctx,
      ),
  };
};

const supportedData = z.extend(petitionData, { sponsor_count: z.number().check(z.int(), z.gte(0)) });

export const supportingMail = {
  sponsor_petition_published: {
    data: z.extend(petitionData, { closing_date: z.string() }),
    render: (d: z.output<typeof petitionData> & { closing_date: string }, ctx: MailContext) =>
      compose(
        `We published the petition you supported: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Thank you for supporting the petition ${quoted(d.action)}. We have published it, and it is open for signatures until ${readableDate(d.closing_date)}.`,
          "Share it so people can sign:",
          { link: petitionUrl(ctx, d.petition_id) },
        ],
        ctx,
      ),
  },
  sponsor_petition_rejected: rejectionMail("supporter"),
  sponsor_signed: {
    data: supportedData,
    render: (d: z.output<typeof supportedData>, ctx: MailContext) => {
      const needed = Math.max(0, thresholdsOf(ctx).moderation - d.sponsor_count);
      return compose(
        `Someone supported: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Someone has supported your petition ${quoted(d.action)}.`,
          `It has ${supporters(d.sponsor_count)} so far. It needs ${supporters(needed)} more before we can check it against our standards.`,
          "Keep sending the link in your first email to people you know and ask them to support your petition.",
        ],
        ctx,
      );
    },
  },
} as const;
