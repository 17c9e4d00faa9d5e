/**
 * What the public's routes read of the site settings: the two switches (503, nothing written,
 * while signing is paused or starting petitions is off) and the rate limits in effect.
 */
import type { RateLimits } from "../domain/rate-limit.ts";
import type { SiteDefaultsConfig, SiteFields, SiteSettings } from "../domain/site-settings.ts";
import { PausedError } from "../errors.ts";
import { requireRegistrationOpen } from "../petitions/parliament-notice.ts";
import { siteSettings } from "./settings.ts";

export const SIGNING_PAUSED =
  "Signing petitions is paused at the moment. Nothing has been saved: try again later.";
export const CREATION_DISABLED =
  "Starting a petition is not possible at the moment. Nothing has been saved: try again later.";

/** The settings in effect for a signing, supporting or confirming request; 503 while signing is paused. */
export async function signingSettings(defaults: SiteDefaultsConfig): Promise<SiteSettings> {
  const site = await siteSettings(defaults);
  if (site.signing_paused) throw new PausedError(SIGNING_PAUSED);
  return site;
}

/**
 * The settings in effect for starting a petition; 503 while starting petitions is off, or
 * closed by the parliament's cycle (registration closed until the next parliament opens).
 */
export async function creationSettings(defaults: SiteDefaultsConfig): Promise<SiteSettings> {
  const [site] = await Promise.all([siteSettings(defaults), requireRegistrationOpen(new Date())]);
  if (site.creation_disabled) throw new PausedError(CREATION_DISABLED);
  return site;
}

/** The abuse limits in effect: the settings' numbers over the function's own. */
export const siteLimits = (limits: RateLimits, site: SiteFields): RateLimits => ({
  ...limits,
  burst: { limit: site.rate_burst, periodSeconds: site.rate_burst_seconds },
  sustained: { limit: site.rate_sustained, periodSeconds: site.rate_sustained_seconds },
  creator: site.rate_creator,
  sponsor: site.rate_sponsor,
});

/** A signing context with the limits in effect. */
export const withSiteLimits = <C extends { limits: RateLimits }>(context: C, site: SiteFields): C => ({
  ...context,
  limits: siteLimits(context.limits, site),
});
