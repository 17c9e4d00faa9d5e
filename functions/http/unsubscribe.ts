/**
 * GET and POST /signatures/{id}/unsubscribe?token=: stop update emails for one signature.
 * GET shows a page with a button; POST is RFC 8058 one-click (mail clients post
 * `List-Unsubscribe=One-Click`). Unsubscribing keeps the signature.
 */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { isVisible } from "../../shared/domain/petition-state.ts";
import { NotFoundError } from "../../shared/errors.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { getPetition } from "../../shared/petitions/items.ts";
import { signatureIdSchema } from "../../shared/signatures/model.ts";
import { tokenQuery } from "../../shared/signatures/request.ts";
import { getSignature, setNotify } from "../../shared/signatures/store.ts";
import { sameToken } from "../../shared/signatures/tokens.ts";
import { errorPageFor } from "../../shared/web/error-pages.ts";
import { wantsJson } from "../../shared/web/negotiate.ts";
import { renderPage } from "../../shared/web/render.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL", "SERVICE_NAME"]);

export const handler = httpRoute(
  { path: z.object({ id: signatureIdSchema }), query: tokenQuery, link: true, pages: errorPageFor },
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
      status,
      petition: petition
        ? { action: petition.action, href: published ? `/petitions/${petition.id}` : null }
        : null,
      action: `/signatures/${path.id}/unsubscribe?token=${encodeURIComponent(query.token)}`,
    });
  },
);
