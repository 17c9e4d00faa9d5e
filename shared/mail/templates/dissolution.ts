/** Emails at dissolution (e-petitions §1.6): the one announcement per person, and the creator of a stopped petition. */
import { readableDate } from "../../domain/readable.ts";
import * as z from "../../zod.ts";
import { compose, inert, type MailContext, petitionData, petitionUrl, quoted, titled } from "./compose.ts";

const announcementData = z.object({
  heading: z.string(),
  message: z.string(),
  dissolution_at: z.string(),
  faq_url: z.nullable(z.url()),
  petitions: z
    .array(z.object({ petition_id: z.number().check(z.int()), action: z.string() }))
    .check(z.minLength(1), z.maxLength(5)),
  more: z.number().check(z.int(), z.gte(0)),
});

export const dissolutionMail = {
  dissolution_announcement: {
    data: announcementData,
    render: (d: z.output<typeof announcementData>, ctx: MailContext) =>
      compose(
        d.heading,
        [
          d.message,
          `Parliament dissolves on ${readableDate(d.dissolution_at)}. Petitions still open then close early, including ${d.petitions.length + d.more === 1 ? "the petition" : "petitions"} you signed:`,
          ...d.petitions.flatMap((p) => [quoted(p.action), { link: petitionUrl(ctx, p.petition_id) }]),
          ...(d.more > 0 ? [`and ${d.more} more.`] : []),
          ...(d.faq_url ? [{ link: d.faq_url, label: "What dissolution means for petitions" }] : []),
        ],
        ctx,
      ),
  },
  petition_stopped: {
    data: petitionData,
    render: (d: z.output<typeof petitionData>, ctx: MailContext) =>
      compose(
        `We stopped your petition: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Parliament has dissolved, so your petition ${quoted(d.action)} was stopped before it was published. Petitions cannot be started or published until a new Parliament opens.`,
          "When it opens you can start your petition again.",
        ],
        ctx,
      ),
  },
} as const;
