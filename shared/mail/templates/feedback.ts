/** The email that carries a piece of the public's feedback to the team (e-petitions' FeedbackMailer). */
import * as z from "../../zod.ts";
import { compose, inert, type MailContext } from "./compose.ts";

const feedbackData = z.object({
  comment: z.string(),
  petition_link_or_title: z.nullable(z.string()),
  email: z.nullable(z.string()),
  user_agent: z.nullable(z.string()),
  ip_address: z.nullable(z.string()),
});

const shown = (value: string | null) => (value ? inert(value) : "(none given)");

export const feedbackMail = {
  feedback: {
    data: feedbackData,
    render: (d: z.output<typeof feedbackData>, ctx: MailContext) => ({
      // A reply goes to the person who wrote, as e-petitions' FeedbackMailer sets reply_to.
      ...(d.email ? { replyTo: d.email } : {}),
      ...compose(
        `Feedback from the ${ctx.serviceName} service`,
        [
          "Comments:",
          inert(d.comment),
          "---",
          `Link or title: ${shown(d.petition_link_or_title)}`,
          `Email: ${shown(d.email)}`,
          `Browser: ${shown(d.user_agent)}`,
          `IP Address: ${shown(d.ip_address)}`,
        ],
        ctx,
      ),
    }),
  },
};
