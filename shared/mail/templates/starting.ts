/** Emails while a petition is being started: to its creator and to the people asked to support it. */
import { readableDate } from "../../domain/readable.ts";
import { figure, supporters } from "../../petitions/threshold-numbers.ts";
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
  withLink,
} from "./compose.ts";
import { rejectionMail } from "./supporting.ts";

/**
 * An email to an address someone typed into a form, who may not be its owner: it says whose
 * words the petition's are, keeps them out of the subject, and says what ignoring it does.
 */
const typedByAnother = (words: { subject: string; use: string; ask: string; otherwise: string }) => ({
  data: withLink,
  render: (d: z.output<typeof withLink>, ctx: MailContext) =>
    compose(
      words.subject,
      [
        "Hello,",
        `Someone giving the name ${quoted(d.name)} used this email address to ${words.use} titled ${quoted(d.action)} (written by the person who started it; we have not checked it yet).`,
        words.ask,
        { link: d.link },
        words.otherwise,
      ],
      ctx,
    ),
});

/** While moderation is delayed (site settings), creators are told it will take longer (e-petitions' `_with_delay` emails). */
const delayable = { delayed: z.optional(z.boolean()) };
const DELAYED =
  "We currently have a very large number of petitions to check, so it may take a number of weeks to check your petition. Thank you for your patience.";

export const startingMail = {
  confirm_petition: typedByAnother({
    subject: "Confirm your email address to start your petition",
    use: "start a petition",
    ask: "If that was you, click this link to confirm your email address and start collecting supporters:",
    otherwise: "If you did not start this petition, ignore this email: nothing will happen.",
  }),
  gather_sponsors: {
    data: z.extend(withLink, delayable),
    render: (d: z.output<typeof withLink> & { delayed?: boolean | undefined }, ctx: MailContext) =>
      compose(
        `Get supporters for: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Your email address is confirmed. Your petition ${quoted(d.action)} now needs supporters before we can check it.`,
          "Send this link to people you know and ask them to support your petition:",
          { link: d.link },
          `When ${supporters(thresholdsOf(ctx).moderation)} have supported it, we will check your petition against our standards. If it meets them we will publish it and it will be open for signatures.`,
          ...(d.delayed ? [DELAYED] : []),
        ],
        ctx,
      ),
  },
  confirm_sponsor: typedByAnother({
    subject: "Sign to support a petition: confirm your email address",
    use: "support a petition",
    ask: "If that was you, click this link to confirm your support:",
    otherwise:
      "Your support will not count until you click the link. If it was not you, ignore this email: nothing will happen.",
  }),
  moderation_pending: {
    data: z.extend(petitionData, delayable),
    render: (d: z.output<typeof petitionData> & { delayed?: boolean | undefined }, ctx: MailContext) =>
      compose(
        `Your petition has ${supporters(thresholdsOf(ctx).moderation)}: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Your petition ${quoted(d.action)} has enough supporters. We are now checking it against our standards for petitions.`,
          d.delayed
            ? `${DELAYED} We will email you when we have published or rejected it.`
            : "We aim to do this within 10 working days. We will email you when we have published or rejected it.",
          { link: `${ctx.publicUrl}/help/standards`, label: "Our standards for petitions" },
        ],
        ctx,
      ),
  },
  petition_published: {
    data: z.extend(petitionData, { closing_date: z.string() }),
    render: (d: z.output<typeof petitionData> & { closing_date: string }, ctx: MailContext) =>
      compose(
        `We published your petition: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `We have published your petition ${quoted(d.action)}. It is open for signatures until ${readableDate(d.closing_date)}.`,
          "Share it so people can sign:",
          { link: petitionUrl(ctx, d.petition_id) },
          `The government responds to petitions with ${figure(thresholdsOf(ctx).response)} signatures. Parliament considers petitions with ${figure(thresholdsOf(ctx).debate)} signatures for a debate.`,
        ],
        ctx,
      ),
  },
  petition_rejected: rejectionMail("creator"),
} as const;
