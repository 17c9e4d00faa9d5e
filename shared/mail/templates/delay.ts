/**
 * The sysadmins' "moderation is delayed" email to the creators of overdue petitions (e-petitions'
 * `notify_creator_that_moderation_is_delayed`): their subject and body, about the creator's petition.
 */
import * as z from "../../zod.ts";
import { compose, inert, type MailContext, petitionData, petitionUrl, quoted } from "./compose.ts";

const delayData = z.extend(petitionData, { subject: z.string(), body: z.string() });

export const delayMail = {
  moderation_delayed: {
    data: delayData,
    render: (d: z.output<typeof delayData>, ctx: MailContext) =>
      compose(
        d.subject,
        [
          `Dear ${inert(d.name)},`,
          `You recently created the petition ${quoted(d.action)}:`,
          { link: petitionUrl(ctx, d.petition_id) },
          // The sysadmins' own words, a paragraph per blank line.
          ...d.body
            .split(/\r?\n\s*\r?\n/)
            .map((paragraph) => paragraph.trim())
            .filter(Boolean),
        ],
        ctx,
      ),
  },
};
