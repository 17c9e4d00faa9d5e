/** The staff sign-in and sign-out pages: Cognito's hosted sign-in on AWS, a pasted token from `npm run token` locally. */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ForbiddenError } from "../../errors.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { type FormBody, field, noErrors, page, requireCsrf } from "../page.ts";
import {
  clearHostedSignIn,
  completeHostedSignIn,
  endSession,
  hostedSignIn,
  startSession,
} from "../staff-session.ts";
import { noStore, STAFF_NAV, type StaffSite } from "./staff.ts";

export async function signInPage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  form: FormBody,
): Promise<HttpResult> {
  const post = event.requestContext.http.method === "POST";
  if (site.STAFF_SIGN_IN_URL && !post) {
    const { location, cookie } = hostedSignIn(
      site.STAFF_SIGN_IN_URL,
      site.STAFF_JWT_AUDIENCE,
      site.PUBLIC_URL,
    );
    return redirect(location, 303, [cookie]);
  }
  if (!post)
    return noStore(
      page(site, event, "staff/sign-in.njk", { form: true, errors: noErrors(), navigation: STAFF_NAV }),
    );
  requireCsrf(site, event, form);
  const session = await startSession({ access: field(form, "token") }, site, new Date());
  if (!session) {
    const errors = {
      list: [{ text: "Enter a valid staff token", href: "#token" }],
      byField: { token: { text: "Enter a valid staff token" } },
    };
    return noStore(
      page(site, event, "staff/sign-in.njk", { form: true, errors, navigation: STAFF_NAV }, 401),
    );
  }
  return redirect("/staff", 303, [session.cookie]);
}

export async function signInCallback(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  query: { code?: string; state?: string },
): Promise<HttpResult> {
  const tokens =
    site.STAFF_SIGN_IN_URL && query.code && query.state
      ? await completeHostedSignIn(
          event,
          { code: query.code, state: query.state },
          site.STAFF_SIGN_IN_URL,
          site.STAFF_JWT_AUDIENCE,
          site.PUBLIC_URL,
        )
      : null;
  const session = tokens ? await startSession(tokens, site, new Date()) : null;
  if (!session) throw new ForbiddenError("Sign-in did not complete. Try again.");
  return redirect("/staff", 303, [session.cookie, clearHostedSignIn(site.PUBLIC_URL)]);
}

export async function signOut(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  form: FormBody,
): Promise<HttpResult> {
  requireCsrf(site, event, form);
  const cleared = await endSession(event, site);
  // After a hosted sign-in, Cognito's /logout ends its own sign-in session too, then returns to
  // the sign-in page (an allowed sign-out URL of the app client).
  const location = site.STAFF_SIGN_IN_URL
    ? `${site.STAFF_SIGN_IN_URL}/logout?${new URLSearchParams({
        client_id: site.STAFF_JWT_AUDIENCE,
        logout_uri: `${site.PUBLIC_URL}/staff/sign-in`,
      })}`
    : "/staff/sign-in";
  return redirect(location, 303, [cleared]);
}
