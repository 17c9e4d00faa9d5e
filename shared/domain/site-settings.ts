/**
 * The site settings sysadmins change at run time (e-petitions' `Site`): thresholds, duration,
 * sponsors, rate limits, the moderation-delay threshold, the two switches and the home-page
 * banner. No I/O: the environment's values are the defaults, a stored item overrides only the
 * fields it holds, and a change names only the fields it changes.
 *
 * Provides:
 * - `siteFieldsSchema`: every field and its bounds (also the PUT body, all optional).
 * - `siteDefaults(config)`: the defaults from a function's settings (the schema's own otherwise).
 * - `effectiveSettings(defaults, stored)`: what the service runs with.
 * - `applyChange(stored, change)`: the stored fields after a partial change, and what it changed.
 */

import { type SettingName, settings } from "../config.ts";
import * as z from "../zod.ts";
import { oneLineString } from "./one-line.ts";

const count = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

/** The default text of the start pages' notice while moderation is delayed (e-petitions' `moderation_delay_message`). */
export const DEFAULT_DELAY_MESSAGE =
  "We have a very large number of petitions to check at the moment so it may take us longer than usual to check your petition. Thank you for your patience.";

export const siteFieldsSchema = z.object({
  threshold_for_moderation: count(0, 10),
  threshold_for_response: count(1, 100_000_000),
  threshold_for_debate: count(1, 100_000_000),
  /** Petitions awaiting moderation from which creators are told it will take longer. */
  threshold_for_moderation_delay: count(1, 1_000_000),
  petition_duration_months: count(1, 12),
  max_sponsors: count(1, 1_000),
  rate_burst: count(1, 1_000_000),
  rate_burst_seconds: count(1, 86_400),
  rate_sustained: count(1, 1_000_000),
  rate_sustained_seconds: count(1, 86_400),
  rate_creator: count(1, 1_000_000),
  rate_sponsor: count(1, 1_000_000),
  /** Signing, supporting and confirming answer 503 and write nothing. */
  signing_paused: z.boolean(),
  /** Starting a petition answers 503 and writes nothing. */
  creation_disabled: z.boolean(),
  /** Shown on every public page when not empty (plain text, escaped). */
  home_page_message: oneLineString("home_page_message").check(
    z.trim(),
    z.maxLength(800, "Keep the banner to 800 characters"),
  ),
  /** Shown on the start pages while moderation is delayed. */
  moderation_delay_message: oneLineString("moderation_delay_message").check(
    z.trim(),
    z.minLength(1, "Enter the message shown while moderation is delayed"),
    z.maxLength(500, "Keep the message to 500 characters"),
  ),
});
export type SiteFields = z.output<typeof siteFieldsSchema>;
export type SiteField = keyof SiteFields;
export const siteFieldNames = Object.keys(siteFieldsSchema.shape) as SiteField[];

/** The effective settings and the version of the stored item they came from (0: none stored). */
export type SiteSettings = SiteFields & {
  version: number;
  updated_at: string | null;
  updated_by: string | null;
};

/** A change: the fields to change, and the version it was read at. */
export const siteChangeSchema = z.strictObject({
  ...z.partial(siteFieldsSchema).shape,
  version: z.number().check(z.int(), z.gte(0, "Send the version you read")),
});
export type SiteChange = z.output<typeof siteChangeSchema>;

/** Which environment setting holds each field's default (the two switches and texts have none). */
const FROM_ENVIRONMENT = {
  threshold_for_moderation: "THRESHOLD_FOR_MODERATION",
  threshold_for_response: "THRESHOLD_FOR_RESPONSE",
  threshold_for_debate: "THRESHOLD_FOR_DEBATE",
  threshold_for_moderation_delay: "THRESHOLD_FOR_MODERATION_DELAY",
  petition_duration_months: "PETITION_DURATION_MONTHS",
  max_sponsors: "MAX_SPONSORS",
  rate_burst: "RATE_BURST",
  rate_burst_seconds: "RATE_BURST_SECONDS",
  rate_sustained: "RATE_SUSTAINED",
  rate_sustained_seconds: "RATE_SUSTAINED_SECONDS",
  rate_creator: "RATE_CREATOR",
  rate_sponsor: "RATE_SPONSOR",
} as const satisfies Partial<Record<SiteField, SettingName>>;
type EnvironmentDefault = (typeof FROM_ENVIRONMENT)[keyof typeof FROM_ENVIRONMENT];

/** The settings a function passes: any of the environment's, the rest take the schema's defaults. */
export type SiteDefaultsConfig = Partial<Record<EnvironmentDefault, number>>;

/** The defaults: the function's environment settings where it has them, else each setting's own default. */
export function siteDefaults(config: SiteDefaultsConfig): SiteFields {
  const fromEnvironment = Object.fromEntries(
    Object.entries(FROM_ENVIRONMENT).map(([field, name]) => [
      field,
      config[name] ?? (settings[name].parse(undefined) as number),
    ]),
  ) as Pick<SiteFields, keyof typeof FROM_ENVIRONMENT>;
  return {
    ...fromEnvironment,
    signing_paused: false,
    creation_disabled: false,
    home_page_message: "",
    moderation_delay_message: DEFAULT_DELAY_MESSAGE,
  };
}

/** What the service runs with: each stored field that is still valid over its default. */
export function effectiveSettings(
  defaults: SiteFields,
  stored: Record<string, unknown> | null,
): SiteSettings {
  const fields: Record<string, unknown> = { ...defaults };
  for (const name of siteFieldNames) {
    if (stored?.[name] === undefined) continue;
    const parsed = siteFieldsSchema.shape[name].safeParse(stored[name]);
    if (parsed.success) fields[name] = parsed.data;
  }
  return {
    ...(fields as SiteFields),
    version: typeof stored?.version === "number" ? stored.version : 0,
    updated_at: typeof stored?.updated_at === "string" ? stored.updated_at : null,
    updated_by: typeof stored?.updated_by === "string" ? stored.updated_by : null,
  };
}

export interface FieldChange {
  field: SiteField;
  from: unknown;
  to: unknown;
}

/**
 * The stored fields after a change (only the fields it names; the rest stay as stored, so a
 * field never stored keeps following its default), and each field whose effective value it changed.
 */
export function applyChange(
  current: SiteSettings,
  stored: Record<string, unknown> | null,
  change: Omit<SiteChange, "version">,
): { fields: Partial<SiteFields>; changes: FieldChange[] } {
  const fields: Record<string, unknown> = {};
  for (const name of siteFieldNames) if (stored?.[name] !== undefined) fields[name] = stored[name];
  const changes: FieldChange[] = [];
  for (const name of siteFieldNames) {
    const to = change[name];
    if (to === undefined) continue;
    fields[name] = to;
    if (current[name] !== to) changes.push({ field: name, from: current[name], to });
  }
  return { fields: fields as Partial<SiteFields>, changes };
}

/** Does the moderation queue's length put creators on the delayed messages? */
export const moderationDelayed = (
  awaitingModeration: number,
  site: Pick<SiteFields, "threshold_for_moderation_delay">,
) => awaitingModeration >= site.threshold_for_moderation_delay;
