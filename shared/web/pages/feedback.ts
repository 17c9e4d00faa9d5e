/**
 * The feedback pages (e-petitions' FeedbackController): the form, and "your feedback has been
 * sent", which a post over the feedback limit reaches exactly as any other.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { type FeedbackSettings, feedbackSchema, sendFeedback } from "../../feedback/feedback.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { type FormBody, field, formErrors, noErrors, page, requireCsrf, type Site } from "../page.ts";

const FIELDS = ["comment", "petition_link_or_title", "email"] as const;

const valuesOf = (form: FormBody) => Object.fromEntries(FIELDS.map((name) => [name, field(form, name)]));

export function feedbackForm(
  site: Site,
  event: APIGatewayProxyEventV2,
  form: FormBody = {},
  errors = noErrors(),
) {
  return page(
    site,
    event,
    "feedback/new.njk",
    { form: true, values: valuesOf(form), errors },
    errors.list.length > 0 ? 422 : 200,
  );
}

export const feedbackThanks = (site: Site, event: APIGatewayProxyEventV2) =>
  page(site, event, "feedback/thanks.njk", {});

/** The user agent a request came with, if any. */
export function userAgentOf(event: APIGatewayProxyEventV2): string | null {
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === "user-agent" && value) return value;
  }
  return null;
}

export async function postFeedbackForm(
  site: Site,
  settings: FeedbackSettings,
  event: APIGatewayProxyEventV2,
  form: FormBody,
  ip: string,
): Promise<HttpResult> {
  requireCsrf(site, event, form);
  const parsed = feedbackSchema.safeParse(valuesOf(form));
  if (!parsed.success) return feedbackForm(site, event, form, formErrors(parsed.error, FIELDS));
  await sendFeedback(parsed.data, { ip, userAgent: userAgentOf(event) }, settings, new Date());
  return redirect("/feedback/thanks", 303);
}
