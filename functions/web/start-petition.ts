/**
 * GET and POST /petitions/new: starting a petition in steps (shared/web/pages/start.ts). Answers
 * 503 while the site settings turn starting petitions off, and says so while moderation is delayed.
 */
import { functionConfig } from "../../shared/function-config.ts";
import { isModerationDelayed } from "../../shared/petitions/moderation-delay.ts";
import { signingContext } from "../../shared/signatures/request.ts";
import { creationSettings, withSiteLimits } from "../../shared/site/gates.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { webRoutes } from "../../shared/web/page.ts";
import { startPage } from "../../shared/web/pages/start.ts";
import { startPageRoutes } from "./start-petition.contract.ts";

const site = functionConfig("StartPetitionPage");
const { signer, ...context } = signingContext(site);

export const handler = withBanner(
  webRoutes(site, startPageRoutes, async ({ event, body, sourceIp }) => {
    const settings = await creationSettings(site);
    const delayed = await isModerationDelayed(settings);
    const pages = {
      site: {
        ...site,
        THRESHOLD_FOR_MODERATION: settings.threshold_for_moderation,
      },
      context: withSiteLimits(context, settings),
      signer,
      delayMessage: delayed ? settings.moderation_delay_message : null,
    };
    return startPage(pages, event, body, sourceIp);
  }),
);
