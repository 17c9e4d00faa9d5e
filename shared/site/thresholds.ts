/**
 * The thresholds in effect (site settings) under their environment settings' names, for code that
 * takes a function's settings (the pages, the emails' figures, the recounts): the function's own
 * values stay the defaults, and the stored fields are read through the settings cache.
 */
import type { SiteDefaultsConfig, SiteFields } from "../domain/site-settings.ts";
import { siteSettings } from "./settings.ts";

/** The thresholds of these settings, under the environment's names. */
export const thresholdsInEffect = (site: SiteFields) => ({
  THRESHOLD_FOR_MODERATION: site.threshold_for_moderation,
  THRESHOLD_FOR_RESPONSE: site.threshold_for_response,
  THRESHOLD_FOR_DEBATE: site.threshold_for_debate,
  THRESHOLD_FOR_MODERATION_DELAY: site.threshold_for_moderation_delay,
});

/** A function's settings with the thresholds in effect over its own. */
export async function withThresholdsInEffect<C extends SiteDefaultsConfig>(
  config: C,
): Promise<C & ReturnType<typeof thresholdsInEffect>> {
  return { ...config, ...thresholdsInEffect(await siteSettings(config)) };
}
