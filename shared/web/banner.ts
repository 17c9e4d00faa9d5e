/**
 * The sysadmins' banner (site settings' `home_page_message`) on every public page: a public
 * function's handler is wrapped once, reads the settings in effect once per request (through the
 * per-instance cache, shared/site/settings.ts), and every page or error page it renders for that
 * request shows the banner. The request's banner is held per request (AsyncLocalStorage), since
 * the local engine runs concurrent requests of every function in one process.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { siteSettings } from "../site/settings.ts";

const requestBanner = new AsyncLocalStorage<string>();

/** The banner of the request being answered ("" outside a public page's request, or when unset). */
export const currentBanner = (): string => requestBanner.getStore() ?? "";

/**
 * A public function's handler whose pages (and error pages) show the banner in effect. The banner
 * takes no environment default, so no function settings are needed to read it.
 */
export function withBanner<E, C, R>(
  handler: (event: E, context: C) => Promise<R>,
): (event: E, context: C) => Promise<R> {
  return async (event, context) => {
    const banner = await siteSettings({}).then(
      (settings) => settings.home_page_message,
      // The page (or its error page) still answers without the banner when the settings cannot be read.
      (error: unknown) => {
        logger.warn("site settings unread", {
          code: LogCode.siteSettingsUnread,
          errorName: (error as Error)?.name,
        });
        return "";
      },
    );
    return requestBanner.run(banner, () => handler(event, context));
  };
}
