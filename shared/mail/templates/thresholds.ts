/** Emails when a petition crosses a threshold: to its signers, and the report to staff. */
import { readableDate } from "../../domain/readable.ts";
import { figure } from "../../petitions/threshold-numbers.ts";
import * as z from "../../zod.ts";
import {
  type Block,
  compose,
  inert,
  type MailContext,
  petitionUrl,
  quoted,
  thresholdsOf,
  titled,
  updateData,
} from "./compose.ts";

/** A threshold email: the count it reached, and an unsubscribe link when sent to signers. */
const thresholdData = z.extend(updateData, { signature_count: z.number().check(z.int()) });
const reportData = z.object({
  entries: z.array(
    z.object({
      petition_id: z.number().check(z.int()),
      action: z.string(),
      threshold: z.enum(["response", "debate"]),
      reached_at: z.string(),
      signature_count: z.number().check(z.int()),
    }),
  ),
});

/** A signer's email when the petition reaches a threshold: the count, what the threshold means, what comes next. */
const thresholdReached = (words: { subject: string; rule: (ctx: MailContext) => string; next: string }) => ({
  data: thresholdData,
  render: (d: z.output<typeof thresholdData>, ctx: MailContext) =>
    compose(
      `${words.subject}: ${titled(d.action)}`,
      [
        `Dear ${inert(d.name)},`,
        `The petition ${quoted(d.action)} has ${d.signature_count.toLocaleString("en-GB")} signatures. ${words.rule(ctx)}`,
        words.next,
        { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
      ],
      ctx,
      d.unsubscribe_url,
    ),
});

export const thresholdMail = {
  threshold_response: thresholdReached({
    subject: "The government will respond to",
    rule: (ctx) =>
      `Petitions with ${figure(thresholdsOf(ctx).response)} signatures get a response from the government.`,
    next: "We will email you when the government responds.",
  }),
  threshold_debate: thresholdReached({
    subject: "Parliament will consider a debate on",
    rule: (ctx) =>
      `Parliament considers every petition with ${figure(thresholdsOf(ctx).debate)} signatures for a debate.`,
    next: "We will email you when the Petitions Committee decides.",
  }),
  threshold_report: {
    data: reportData,
    render: (d: z.output<typeof reportData>, ctx: MailContext) =>
      compose(
        `Petitions that crossed a threshold: ${d.entries.length}`,
        [
          "These petitions crossed a threshold since the last report:",
          ...d.entries.flatMap((e): Block[] => [
            `${e.threshold === "debate" ? `Debate (${figure(thresholdsOf(ctx).debate)})` : `Government response (${figure(thresholdsOf(ctx).response)})`}: ${quoted(e.action)}, ${e.signature_count.toLocaleString("en-GB")} signatures, reached ${readableDate(e.reached_at)}`,
            { link: petitionUrl(ctx, e.petition_id) },
          ]),
        ],
        ctx,
      ),
  },
} as const;
