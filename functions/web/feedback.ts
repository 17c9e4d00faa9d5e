/**
 * GET and POST /feedback (the form, or JSON), GET /feedback/thanks, and the staff's GET
 * /admin/feedback: the public's feedback, stored and emailed to the team, and read back by staff.
 */
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { recentFeedback, sendFeedback } from "../../shared/feedback/feedback.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { formBody, webRoute } from "../../shared/web/page.ts";
import {
  feedbackForm,
  feedbackThanks,
  postFeedbackForm,
  userAgentOf,
} from "../../shared/web/pages/feedback.ts";
import {
  feedbackPageRoute,
  feedbackThanksRoute,
  recentFeedbackRoute,
  sendFeedbackRoute,
} from "./feedback.contract.ts";

const config = functionConfig("Feedback");
const site = { SERVICE_NAME: config.SERVICE_NAME, PUBLIC_URL: config.PUBLIC_URL };
const NO_STORE = { "cache-control": "no-store" };

const sendJson = httpRoute(sendFeedbackRoute, async ({ body, event, sourceIp }) => {
  await sendFeedback(body, { ip: sourceIp, userAgent: userAgentOf(event) }, config, new Date());
  // The same answer over the limit: nothing says whether it was stored.
  return json(202, { status: "feedback_sent" }, NO_STORE);
});

const routes = byRoute({
  "GET /feedback": webRoute(site, feedbackPageRoute, async ({ event }) => feedbackForm(site, event)),
  "GET /feedback/thanks": webRoute(site, feedbackThanksRoute, async ({ event }) =>
    feedbackThanks(site, event),
  ),
  "POST /feedback": webRoute(
    site,
    { ...sendFeedbackRoute, body: formBody },
    async ({ event, body, sourceIp }) => postFeedbackForm(site, config, event, body, sourceIp),
  ),
  "GET /admin/feedback": httpRoute(recentFeedbackRoute, async ({ query }) => {
    // The address each piece came from goes to the team's email only.
    const data = (await recentFeedback(query.count)).map(({ ip_address: _, ...piece }) => piece);
    return json(200, { data }, NO_STORE);
  }),
});

const isForm = (event: APIGatewayProxyEventV2) =>
  Object.entries(event.headers ?? {}).some(
    ([name, value]) =>
      name.toLowerCase() === "content-type" &&
      value?.toLowerCase().startsWith("application/x-www-form-urlencoded"),
  );

/** A post that is not the form's is JSON's (which refuses any other type). */
export const handler = withBanner(async (event: APIGatewayProxyEventV2, context: Context) =>
  event.routeKey === "POST /feedback" && !isForm(event) ? sendJson(event, context) : routes(event, context),
);
