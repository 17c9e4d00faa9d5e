/**
 * The service's stages, committed: what differs between dev, staging and prod is data here, and
 * the stack is the same code for all three. `npx cdk synth -c stage=<name>` builds one (default
 * dev); context values (`-c senderEmail=...`, a setting's own name) override the selected stage.
 *
 * staging is production-shaped (WAF, alarms, backups, canaries, pipeline) but may keep the
 * example values below, so a fresh clone synthesises it; prod refuses them (`placeholdersOf`).
 */
import { type SettingName, settings } from "../../shared/config.ts";
import type { ConcurrencyGroup } from "../../shared/topology-types.ts";
import { DEFAULT_WAF_SETTINGS, type WafSettings } from "./waf.ts";

export type { ConcurrencyGroup };

export const STAGE_NAMES = ["dev", "staging", "prod"] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** A requests-per-second limit with its burst, as API Gateway applies them. */
export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/** Function groups whose concurrency is capped so that they can never starve signing. */
export const CONCURRENCY_GROUPS = ["export", "pages", "staff"] as const satisfies readonly ConcurrencyGroup[];

export interface StageSettings {
  name: StageName;
  /** The AWS account and Region the stage deploys to; dev may leave the account to the CLI's. */
  account?: string;
  region: string;
  /** The public domain and its ACM certificate (us-east-1, for CloudFront); absent: the CloudFront URL. */
  domain?: { name: string; certificateArn: string };
  /** The address every email is sent from (an SES identity in this account). */
  senderEmail: string;
  /** Where the threshold reports go. */
  reportEmail?: string;
  /** Who the alarm topic emails (each confirms the subscription once). */
  alarmEmails: readonly string[];
  /** The edge's WAF thresholds. */
  waf: WafSettings;
  /**
   * The account quotas the capacity model (docs/capacity.md) assumes for this stage: raise them by
   * a quota request before relying on them (docs/operations.md, go-live checklist).
   */
  quotas: {
    /** SES maximum send rate, emails per second. */
    sesSendRatePerSecond: number;
    /** SES sending quota, emails per 24 hours. */
    sesDailyQuota: number;
    /** Lambda concurrent executions in the Region. */
    lambdaConcurrency: number;
    /** API Gateway account throttle, requests per second. */
    apiRequestsPerSecond: number;
    /** On-demand maximum throughput of the table (a cost guard): request units per second. */
    tableMaxReadRequestUnits: number;
    tableMaxWriteRequestUnits: number;
  };
  /**
   * Share of `quotas.lambdaConcurrency` reserved (and so capped) for each function group, split
   * evenly between the group's functions; what is left stays unreserved for signing and the rest.
   */
  concurrencyShares: Record<ConcurrencyGroup, number>;
  /** Per-route throttles of the HTTP API's write routes: the signing routes and every other one. */
  routeThrottles: { signing: Throttle; writes: Throttle };
  /** The monthly cost budget in US dollars; alerts at 50, 80 and 100 %. */
  monthlyBudgetUsd: number;
  /** Days each daily backup of the table is kept. */
  backupRetentionDays: number;
  /** Encrypt the table (and its backups) with a customer-managed KMS key instead of an AWS-owned one. */
  customerManagedKey: boolean;
  /** How the canary functions' new versions take traffic (CodeDeploy predefined configurations). */
  deployment: "CANARY_10PERCENT_5MINUTES" | "ALL_AT_ONCE";
  /** Where the delivery pipeline reads the source (a CodeStar connection to the repository). */
  pipeline: { connectionArn: string; repository: string; branch: string };
  /** Where alarm descriptions send the reader for docs/runbooks (a repository URL); relative when absent. */
  runbookBaseUrl?: string;
  /** Stages the pipeline deploys before this one (each then waits for approval before the next). */
  promotesFrom: readonly StageName[];
  /** Placeholder values refuse to synthesise (prod). */
  strict: boolean;
  /** Values for the service's settings (thresholds, rates...) in this stage. */
  settings?: Partial<Record<SettingName, string>>;
}

/** The account every placeholder uses; prod refuses it. */
export const PLACEHOLDER_ACCOUNT = "111111111111";
const PLACEHOLDER_CONNECTION = `arn:aws:codeconnections:eu-west-2:${PLACEHOLDER_ACCOUNT}:connection/00000000-0000-0000-0000-000000000000`;

/** Figures of docs/capacity.md: a new production account's quotas. */
const NEW_ACCOUNT_QUOTAS = {
  sesSendRatePerSecond: 14,
  sesDailyQuota: 50_000,
  lambdaConcurrency: 1_000,
  apiRequestsPerSecond: 10_000,
  tableMaxReadRequestUnits: 40_000,
  tableMaxWriteRequestUnits: 40_000,
} as const;

const SHARES: Record<ConcurrencyGroup, number> = { export: 0.02, pages: 0.2, staff: 0.05 };

/** What every stage has alike: the edge firewall's thresholds, concurrency shares, the pipeline's source. */
const COMMON = {
  waf: DEFAULT_WAF_SETTINGS,
  concurrencyShares: SHARES,
  pipeline: { connectionArn: PLACEHOLDER_CONNECTION, repository: "example/petitions", branch: "main" },
} satisfies Partial<StageSettings>;

/** The route throttles of a stage, requests per second; each burst is twice its rate. */
function routeThrottles(signing: number, writes: number): StageSettings["routeThrottles"] {
  return {
    signing: { rateLimit: signing, burstLimit: 2 * signing },
    writes: { rateLimit: writes, burstLimit: 2 * writes },
  };
}

export const stages: Readonly<Record<StageName, StageSettings>> = {
  dev: {
    ...COMMON,
    name: "dev",
    region: "eu-west-2",
    senderEmail: "no-reply@petitions.example.org",
    alarmEmails: [],
    quotas: { ...NEW_ACCOUNT_QUOTAS, tableMaxReadRequestUnits: 1_000, tableMaxWriteRequestUnits: 1_000 },
    routeThrottles: routeThrottles(50, 10),
    monthlyBudgetUsd: 50,
    backupRetentionDays: 7,
    customerManagedKey: false,
    deployment: "ALL_AT_ONCE",
    promotesFrom: [],
    strict: false,
  },
  staging: {
    ...COMMON,
    name: "staging",
    account: PLACEHOLDER_ACCOUNT,
    region: "eu-west-2",
    senderEmail: "no-reply@staging.petitions.example.org",
    reportEmail: "committee@staging.petitions.example.org",
    alarmEmails: ["operations@petitions.example.org"],
    quotas: NEW_ACCOUNT_QUOTAS,
    routeThrottles: routeThrottles(500, 50),
    monthlyBudgetUsd: 200,
    backupRetentionDays: 14,
    customerManagedKey: true,
    deployment: "CANARY_10PERCENT_5MINUTES",
    promotesFrom: [],
    strict: false,
  },
  prod: {
    ...COMMON,
    name: "prod",
    account: PLACEHOLDER_ACCOUNT,
    region: "eu-west-2",
    senderEmail: "no-reply@petitions.example.org",
    reportEmail: "committee@petitions.example.org",
    alarmEmails: ["operations@petitions.example.org"],
    quotas: NEW_ACCOUNT_QUOTAS,
    // Signing: the API quota serves sign + verify per signature (docs/capacity.md), so half of it.
    routeThrottles: routeThrottles(NEW_ACCOUNT_QUOTAS.apiRequestsPerSecond / 2, 100),
    monthlyBudgetUsd: 2_000,
    backupRetentionDays: 35,
    customerManagedKey: true,
    deployment: "CANARY_10PERCENT_5MINUTES",
    promotesFrom: ["staging"],
    strict: true,
  },
};

export function isStageName(value: string): value is StageName {
  return (STAGE_NAMES as readonly string[]).includes(value);
}

const EXAMPLE_DOMAIN = /(^|[@.])example\.(org|com|net)$/i;

/** Settings that people read or write to (pages, replies): their defaults are examples too. */
const ADDRESS_SETTINGS = ["CONTACT_EMAIL", "FEEDBACK_EMAIL"] as const satisfies readonly SettingName[];

/**
 * The values of a stage that are still placeholders, each named by its field; `inEffect` are the
 * service settings the stage will run with (its own, with any context overrides).
 */
export function placeholdersOf(
  stage: StageSettings,
  inEffect: Partial<Record<SettingName, string>> = stage.settings ?? {},
): string[] {
  const found: string[] = [];
  const email = (field: string, value: string | undefined) => {
    if (value !== undefined && EXAMPLE_DOMAIN.test(value)) found.push(`${field} (${value})`);
  };
  if (
    stage.account === undefined ||
    stage.account === PLACEHOLDER_ACCOUNT ||
    !/^\d{12}$/.test(stage.account)
  ) {
    found.push(`account (${stage.account ?? "missing"})`);
  }
  const { domain } = stage;
  if (domain === undefined) found.push("domain (missing)");
  else {
    if (EXAMPLE_DOMAIN.test(domain.name)) found.push(`domain (${domain.name})`);
    if (domain.certificateArn === "") found.push("domain.certificateArn (missing)");
    else if (domain.certificateArn.includes(PLACEHOLDER_ACCOUNT)) {
      found.push(`domain.certificateArn (${domain.certificateArn})`);
    }
  }
  email("senderEmail", stage.senderEmail);
  if (stage.reportEmail === undefined) found.push("reportEmail (missing)");
  email("reportEmail", stage.reportEmail);
  if (stage.alarmEmails.length === 0) found.push("alarmEmails (none)");
  stage.alarmEmails.forEach((address, i) => {
    email(`alarmEmails[${i}]`, address);
  });
  if (stage.pipeline.connectionArn.includes(PLACEHOLDER_ACCOUNT)) {
    found.push(`pipeline.connectionArn (${stage.pipeline.connectionArn})`);
  }
  if (stage.pipeline.repository.startsWith("example/")) {
    found.push(`pipeline.repository (${stage.pipeline.repository})`);
  }
  for (const name of ADDRESS_SETTINGS) {
    email(`settings.${name}`, inEffect[name] ?? settings[name].parse(undefined));
  }
  return found;
}
