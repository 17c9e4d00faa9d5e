import { isVisible } from "../../shared/domain/petition-state.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoutes } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { getPetition } from "../../shared/petitions/items.ts";
import { getSignature, setNotify } from "../../shared/signatures/store.ts";
import { sameToken } from "../../shared/signatures/tokens.ts";
import { currentBanner, withBanner } from "../../shared/web/banner.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";
import { wantsJson } from "../../shared/web/negotiate.ts";
import { renderPage } from "../../shared/web/render.ts";
import { unsubscribePageRoute, unsubscribeRoute } from "./unsubscribe.contract.ts";

const config = functionConfig("Unsubscribe");

export const handler = withBanner(
  httpRoutes(
    [unsubscribePageRoute, unsubscribeRoute].map((route) => ({ ...route, pages: errorPagesFor(config) })),
    async ({ path, query, event }) => {
      const signature = await getSignature(path.id);
      if (!signature || !sameToken(query.token, signature.unsubscribe_token)) {
        throw new NotFoundError("This unsubscribe link is not valid");
      }
      const post = event.requestContext.http.method === "POST";
      const wasSubscribed = post ? await setNotify(path.id, false) : signature.notify_by_email;
      const status = post
        ? wasSubscribed
          ? "unsubscribed"
          : "already_unsubscribed"
        : wasSubscribed
          ? "subscribed"
          : "already_unsubscribed";
      if (wantsJson(event) || (post && !/text\/html/.test(event.headers?.accept ?? ""))) {
        return json(200, { status }, { "cache-control": "no-store" });
      }
      // The page names the petition the emails are about, linked when it is public.
      const petition = await getPetition(signature.petition_id);
      const published = petition && isVisible(petition.state);
      return renderPage("unsubscribe.njk", {
        serviceName: config.SERVICE_NAME,
        publicUrl: config.PUBLIC_URL,
        banner: currentBanner() || null,
        status,
        petition: petition
          ? { action: petition.action, href: published ? `/petitions/${petition.id}` : null }
          : null,
        action: `/signatures/${path.id}/unsubscribe?token=${encodeURIComponent(query.token)}`,
      });
    },
  ),
);
