/**
 * GET and PUT /admin/settings and POST /admin/moderation-delay, served by the AdminBlocks function (functions/http/admin-blocks.ts):
 * the sysadmins read the settings in effect, and change some of them on condition of the version
 * they read. Every change is recorded with who made it and when (shared/site/settings.ts).
 */
import type { SiteDefaultsConfig } from "../../shared/domain/site-settings.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { renderMail } from "../../shared/mail/templates.ts";
import { mailOverdueCreators, overdueCount } from "../../shared/petitions/moderation-delay.ts";
import { changeSiteSettings, siteSettings } from "../../shared/site/settings.ts";
import { getSettingsRoute, moderationDelayRoute, putSettingsRoute } from "./admin-settings.contract.ts";

const NO_STORE = { "cache-control": "no-store" };

/** What the preview fills in for the creator and the petition. */
const EXAMPLE = { petition_id: 0, action: "[the petition's action]", name: "[the creator's name]" };

export const settingsHandlers = (
  defaults: SiteDefaultsConfig & { PUBLIC_URL: string; SERVICE_NAME: string },
) => ({
  "GET /admin/settings": httpRoute(getSettingsRoute, async () =>
    json(200, await siteSettings(defaults, { fresh: true }), NO_STORE),
  ),
  "PUT /admin/settings": httpRoute(putSettingsRoute, async ({ body, staff }) => {
    const { settings, changes } = await changeSiteSettings(
      defaults,
      body,
      staff?.id ?? "unknown",
      new Date(),
    );
    const changed = changes.map((change) => change.field);
    if (changed.length > 0)
      logger.info("site settings changed", { code: LogCode.siteSettingsChanged, changed });
    return json(200, { ...settings, changed }, NO_STORE);
  }),
  "POST /admin/moderation-delay": httpRoute(moderationDelayRoute, async ({ body, staff }) => {
    const { preview, ...mail } = body;
    const now = new Date();
    if (preview) {
      const ctx = { publicUrl: defaults.PUBLIC_URL, serviceName: defaults.SERVICE_NAME };
      const { subject, text, html } = renderMail("moderation_delayed", { ...EXAMPLE, ...mail }, ctx);
      return json(200, { preview: { subject, text, html }, overdue: await overdueCount(now) }, NO_STORE);
    }
    const sent = await mailOverdueCreators(mail, staff?.id ?? "unknown", now);
    logger.info("moderation delay mailed", { code: LogCode.moderationDelayMailed, ...sent });
    return json(202, sent, NO_STORE);
  }),
});
