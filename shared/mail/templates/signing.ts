/** Emails to someone who signed a petition: confirm the signature, or it was signed already. */
import type * as z from "../../zod.ts";
import {
  compose,
  inert,
  type MailContext,
  petitionData,
  petitionUrl,
  quoted,
  titled,
  withLink,
} from "./compose.ts";

export const signingMail = {
  confirm_signature: {
    data: withLink,
    render: (d: z.output<typeof withLink>, ctx: MailContext) =>
      compose(
        `Please confirm your email address: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Click this link to sign the petition ${quoted(d.action)}:`,
          { link: d.link },
          "Your signature will not be counted until you click the link.",
          "If you did not sign this petition, ignore this email.",
        ],
        ctx,
      ),
  },
  duplicate_signature: {
    data: petitionData,
    render: (d: z.output<typeof petitionData>, ctx: MailContext) =>
      compose(
        `Duplicate signature of petition: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Your email address was used to sign the petition ${quoted(d.action)}, but you have already signed it. We only count one signature per person.`,
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
      ),
  },
} as const;
