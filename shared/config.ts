/**
 * Every setting a function may read, with its e-petitions default where one exists.
 * The names are shared by the topology (which tells each engine what to pass) and the code.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

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
  TABLE_NAME: z.string().min(1),
  PUBLIC_URL: z
    .url()
    .default("http://localhost:3000")
    .transform((url) => url.replace(/\/+$/, "")),
  SERVICE_NAME: z.string().min(1).default("Petitions"),
  SENDER_EMAIL: z.email().default("no-reply@petitions.example.org"),
  REPORT_EMAIL: z.email().default("committee@petitions.example.org"),
  DATA_DIR: z.string().min(1).default(defaultDataDir),
  THRESHOLD_FOR_MODERATION: z.coerce.number().int().min(0).max(10).default(5),
  MAX_SPONSORS: positiveInt(20),
  THRESHOLD_FOR_RESPONSE: positiveInt(10_000),
  THRESHOLD_FOR_DEBATE: positiveInt(100_000),
  PETITION_DURATION_MONTHS: z.coerce.number().int().min(1).max(12).default(6),
  RATE_BURST: positiveInt(1),
  RATE_BURST_SECONDS: positiveInt(60),
  RATE_SUSTAINED: positiveInt(5),
  RATE_SUSTAINED_SECONDS: positiveInt(300),
  RATE_CREATOR: positiveInt(2),
  RATE_SPONSOR: positiveInt(5),
  TRENDING_THRESHOLD: positiveInt(100),
  UNCONFIRMED_TTL_DAYS: positiveInt(30),
  ANONYMISE_AFTER_MONTHS: nonNegativeInt(6),
  SIGNER_INDEX_SHARDS: z.coerce.number().int().min(1).max(100).default(10),
  MAIL_RATE_PER_SECOND: positiveInt(14),
  STAFF_JWT_ISSUER: z.string().min(1).default("petitions-local"),
  STAFF_JWT_AUDIENCE: z.string().min(1).default("petitions-staff"),
  /** Cognito's hosted sign-in base URL for the staff pages; empty locally (paste a token instead). */
  STAFF_SIGN_IN_URL: z.union([z.url(), z.literal("")]).default(""),
  /** Minutes an outbox message may stay unsent before the sweeper sends it instead of the stream. */
  OUTBOX_SWEEP_AFTER_MINUTES: nonNegativeInt(15),
  /** Open petitions the reconciliation job recounts per run (besides those marked for recount). */
  RECONCILE_PETITIONS_PER_RUN: positiveInt(10),
} as const;

export type SettingName = keyof typeof settings;

/** What every route that takes a signature reads. */
export const SIGNING_SETTINGS = [
  "TABLE_NAME",
  "PUBLIC_URL",
  "DATA_DIR",
  "SIGNER_INDEX_SHARDS",
  "UNCONFIRMED_TTL_DAYS",
  "RATE_BURST",
  "RATE_BURST_SECONDS",
  "RATE_SUSTAINED",
  "RATE_SUSTAINED_SECONDS",
  "RATE_CREATOR",
  "RATE_SPONSOR",
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
