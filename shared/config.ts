/**
 * Every setting a function may read, with its e-petitions default where one exists.
 * The names are shared by the topology (which tells each engine what to pass) and the code.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as z from "./zod.ts";

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);
const nonNegativeInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.nonnegative()), fallback);

/** Where the UK reference data lives: next to the handler on Lambda, beside the project locally. */
function defaultDataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    resolve(here, "data"),
    resolve(here, "../../shared/data/uk"),
    resolve(here, "../shared/data/uk"),
  ];
  return candidates.find((dir) => existsSync(resolve(dir, "regions.csv"))) ?? resolve(here, "data");
}

export const settings = {
  TABLE_NAME: z.string().check(z.minLength(1)),
  PUBLIC_URL: z.pipe(
    z._default(z.url(), "http://localhost:3000"),
    z.transform((url) => url.replace(/\/+$/, "")),
  ),
  SERVICE_NAME: z._default(z.string().check(z.minLength(1)), "Petitions"),
  SENDER_EMAIL: z._default(z.email(), "no-reply@petitions.example.org"),
  REPORT_EMAIL: z._default(z.email(), "committee@petitions.example.org"),
  /** Where people write to the team: named on the privacy and accessibility pages. */
  CONTACT_EMAIL: z._default(z.email(), "petitions@petitions.example.org"),
  /** Where the public's feedback (/feedback) is emailed. */
  FEEDBACK_EMAIL: z._default(z.email(), "feedback@petitions.example.org"),
  DATA_DIR: z._default(z.string().check(z.minLength(1)), defaultDataDir),
  THRESHOLD_FOR_MODERATION: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(10)), 5),
  MAX_SPONSORS: positiveInt(20),
  THRESHOLD_FOR_RESPONSE: positiveInt(10_000),
  THRESHOLD_FOR_DEBATE: positiveInt(100_000),
  /** Petitions awaiting moderation from which creators get the "with delay" emails and notice. */
  THRESHOLD_FOR_MODERATION_DELAY: positiveInt(500),
  PETITION_DURATION_MONTHS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(12)), 6),
  /**
   * Whether `name+tag@example.com` is the same person as `name@example.com` for duplicate
   * signatures and rate limits (e-petitions' default domain rule `*` strips a `+` extension).
   */
  EMAIL_STRIP_PLUS_TAG: z.pipe(
    z._default(z.enum(["true", "false"]), "true"),
    z.transform((value) => value === "true"),
  ),
  RATE_BURST: positiveInt(1),
  RATE_BURST_SECONDS: positiveInt(60),
  RATE_SUSTAINED: positiveInt(5),
  RATE_SUSTAINED_SECONDS: positiveInt(300),
  RATE_CREATOR: positiveInt(2),
  RATE_SPONSOR: positiveInt(5),
  TRENDING_THRESHOLD: positiveInt(100),
  /** Confirmed signatures from one IP or domain on one petition within an hour that notify the operators. */
  TRENDING_NOTIFY_THRESHOLD: positiveInt(200),
  UNCONFIRMED_TTL_DAYS: positiveInt(30),
  ANONYMISE_AFTER_MONTHS: nonNegativeInt(6),
  SIGNER_INDEX_SHARDS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 10),
  MAIL_RATE_PER_SECOND: positiveInt(14),
  /** Sends per second of MAIL_RATE_PER_SECOND that mass mail always leaves to transactional email. */
  MAIL_RESERVE_PER_SECOND: nonNegativeInt(4),
  /** The SES configuration set named in every send (bounce and complaint events); empty: none (locally). */
  SES_CONFIGURATION_SET: z._default(z.string().check(z.regex(/^[A-Za-z0-9_-]{0,64}$/)), ""),
  /** The staff token issuer (Cognito user pool URL; the engine's own locally). No default: fail closed. */
  STAFF_JWT_ISSUER: z.pipe(
    z.url(),
    z.transform((url) => url.replace(/\/+$/, "")),
  ),
  /** The app client id staff tokens must name in `client_id`. No default: fail closed. */
  STAFF_JWT_AUDIENCE: z.string().check(z.minLength(1)),
  /** Emails the public's requests may make the service send one address in a rolling day. */
  MAIL_PER_ADDRESS_DAY: positiveInt(10),
  /** The same, about one petition. */
  MAIL_PER_PETITION_DAY: positiveInt(5),
  /** Supporter sign-ups (confirmed or not) one petition takes in all. */
  MAX_SPONSOR_SIGNUPS: positiveInt(60),
  /** Months after it was started that a petition never published is stopped and anonymised. */
  UNPUBLISHED_RETENTION_MONTHS: positiveInt(6),
  /** Cognito's hosted sign-in base URL for the staff pages; empty locally (paste a token instead). */
  STAFF_SIGN_IN_URL: z._default(z.union([z.url(), z.literal("")]), ""),
  /** The Secrets Manager secret CloudFront's origin header must match (AWS). */
  ORIGIN_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  /** The origin header's value itself: the local engine passes it (random per start). */
  ORIGIN_SECRET: z.optional(z.string().check(z.minLength(16))),
  /** The Secrets Manager secret keying the hashes of emails and addresses (AWS). */
  HASH_KEY_ARN: z.optional(z.string().check(z.minLength(1))),
  /** The hash key itself: the local engine passes it (fixed per data directory). */
  HASH_KEY: z.optional(z.string().check(z.minLength(16))),
  /** Minutes after it was written before the sweeper sends a message the stream consumer gave up on. */
  OUTBOX_SWEEP_AFTER_MINUTES: nonNegativeInt(15),
  /** Open petitions the reconciliation job recounts per run (besides those marked for recount). */
  RECONCILE_PETITIONS_PER_RUN: positiveInt(10),
} as const;

export type SettingName = keyof typeof settings;

/** The abuse limits (shared/signatures/limits.ts), which the site settings can also change at run time. */
export const RATE_SETTINGS = [
  "RATE_BURST",
  "RATE_BURST_SECONDS",
  "RATE_SUSTAINED",
  "RATE_SUSTAINED_SECONDS",
  "RATE_CREATOR",
  "RATE_SPONSOR",
] as const satisfies readonly SettingName[];

/** What every route that takes a signature reads. */
export const SIGNING_SETTINGS = [
  "TABLE_NAME",
  "PUBLIC_URL",
  "DATA_DIR",
  "SIGNER_INDEX_SHARDS",
  "UNCONFIRMED_TTL_DAYS",
  ...RATE_SETTINGS,
  "HASH_KEY_ARN",
  "HASH_KEY",
  "MAIL_PER_ADDRESS_DAY",
  "MAIL_PER_PETITION_DAY",
  "EMAIL_STRIP_PLUS_TAG",
] as const satisfies readonly SettingName[];
export type Config<N extends SettingName> = { [K in N]: z.output<(typeof settings)[K]> };

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads the named settings from the environment and fails the cold start, naming every
 * missing or malformed one, when any is wrong.
 */
export function loadConfig<const N extends SettingName>(
  names: readonly N[],
  env: NodeJS.ProcessEnv = process.env,
): Config<N> {
  const shape = Object.fromEntries(names.map((name) => [name, settings[name]]));
  const input = Object.fromEntries(names.map((name) => [name, env[name] === "" ? undefined : env[name]]));
  const parsed = z.object(shape).safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  return parsed.data as Config<N>;
}
