/**
 * GET and PUT /admin/settings, served by the AdminBlocks function (functions/http/admin-blocks.ts):
 * the sysadmins read the settings in effect, and change some of them on condition of the version
 * they read. Every change is recorded with who made it and when (shared/site/settings.ts).
 */
import type { SiteDefaultsConfig } from "../../shared/domain/site-settings.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { changeSiteSettings, siteSettings } from "../../shared/site/settings.ts";
import { getSettingsRoute, putSettingsRoute } from "./admin-settings.contract.ts";

const NO_STORE = { "cache-control": "no-store" };

export const settingsHandlers = (defaults: SiteDefaultsConfig) => ({
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
});
