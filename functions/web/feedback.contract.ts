/** GET and POST /feedback, its thanks page, and the staff's GET /admin/feedback: their contracts. */
import { feedbackSchema } from "../../shared/feedback/feedback.ts";
import { answers, defineRoute } from "../../shared/http/contract.ts";
import { pageRoute } from "../../shared/web/page-contract.ts";
import * as z from "../../shared/zod.ts";

export const feedbackPageRoute = pageRoute({ route: "GET /feedback", summary: "The feedback form" });
export const feedbackThanksRoute = pageRoute({
  route: "GET /feedback/thanks",
  summary: "Feedback sent",
});

export const sendFeedbackRoute = defineRoute({
  route: "POST /feedback",
  summary: "Send feedback",
  description:
    "JSON (this schema) or the form's post (with its CSRF token). Stored and emailed to the team; over the feedback limit (as e-petitions: 2 earlier pieces an address per 5 minutes) the answer is the same and nothing is stored.",
  body: feedbackSchema,
  responses: {
    202: { description: "Sent (JSON)", schema: z.object({ status: z.literal("feedback_sent") }) },
    303: answers.seeOther,
    200: answers.page("The form again, with its errors"),
    422: answers.invalid,
  },
});

export const recentFeedbackRoute = defineRoute({
  route: "GET /admin/feedback",
  summary: "The most recent feedback, newest first",
  role: "moderator",
  query: z.object({ count: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50) }),
  responses: {
    200: {
      description: "At most `count` pieces",
      schema: z.object({
        data: z.array(
          z.object({
            id: z.string(),
            comment: z.string(),
            petition_link_or_title: z.nullable(z.string()),
            email: z.nullable(z.string()),
            user_agent: z.nullable(z.string()),
            created_at: z.string(),
          }),
        ),
      }),
    },
    401: answers.unauthorised,
    403: answers.forbidden,
    422: answers.invalid,
  },
});

export const feedbackRoutes = [
  feedbackPageRoute,
  feedbackThanksRoute,
  sendFeedbackRoute,
  recentFeedbackRoute,
] as const;
