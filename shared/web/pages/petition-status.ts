/**
 * The pages a petition has before it is published, as petition.parliament.uk's
 * `gathering_support` and `moderation_info`: how many people have supported it, how many more it
 * needs (the moderation threshold from the settings) and what happens next. Its text is not
 * shown: nobody has checked it yet. An address that does not fit the petition's state redirects
 * to the one that does (`showPageFor`), so a link kept from before moderation still leads on.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { SHOW_STATES } from "../../domain/petition-state.ts";
import { type ShowPage, showPageFor, showPagePath, supportersRequired } from "../../domain/show-page.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { publicPetition } from "../../petitions/public.ts";
import { page, type Site } from "../page.ts";

export interface PetitionStatusConfig extends Site {
  THRESHOLD_FOR_MODERATION: number;
  MAX_SPONSORS: number;
}

/** GET /petitions/{id}/gathering-support and /petitions/{id}/moderation-info. */
export async function petitionStatusPage(
  id: number,
  status: Extract<ShowPage, "gathering-support" | "moderation-info">,
  event: APIGatewayProxyEventV2,
  config: PetitionStatusConfig,
): Promise<HttpResult> {
  const petition = await publicPetition(id, SHOW_STATES);
  const belongs = showPageFor(petition.state);
  if (belongs !== status) return showRedirect(id, belongs);
  const site = { SERVICE_NAME: config.SERVICE_NAME, PUBLIC_URL: config.PUBLIC_URL };
  const result = page(site, event, "petition-status.njk", {
    status,
    supported: petition.sponsor_count,
    required: supportersRequired(petition.sponsor_count, config.THRESHOLD_FOR_MODERATION),
    full: petition.sponsor_count >= config.MAX_SPONSORS,
  });
  return { ...result, headers: { ...result.headers, "cache-control": "public, max-age=10" } };
}

/** A 302 to the page a petition's state gives it; it moves with the state, so no cache keeps it. */
export function showRedirect(id: number, to: ShowPage): HttpResult {
  const answer = redirect(showPagePath(id, to), 302);
  return { ...answer, headers: { ...answer.headers, "cache-control": "no-store" } };
}
