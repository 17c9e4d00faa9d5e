/** The email to a petition's subscribed signers about other parliamentary business on it. */
import { markdownToText } from "../../domain/markdown.ts";
import { paragraphsOf, readableDate } from "../../domain/readable.ts";
import * as z from "../../zod.ts";
import { compose, inert, type MailContext, petitionUrl, quoted, titled, updateData } from "./compose.ts";

const businessData = z.extend(updateData, { subject: z.string(), body: z.string(), occurred_on: z.string() });

export const businessMail = {
  other_business: {
    data: businessData,
    render: (d: z.output<typeof businessData>, ctx: MailContext) =>
      compose(
        `Parliament: ${titled(d.subject)}, about: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `On ${readableDate(d.occurred_on)}, about the petition ${quoted(d.action)}: ${quoted(d.subject)}`,
          ...paragraphsOf(markdownToText(d.body)),
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
} as const;
