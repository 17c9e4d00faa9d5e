/**
 * Deployment settings of the AWS stack: the stage's committed settings (infra/aws/stages.ts,
 * chosen by `-c stage=<name>`, default dev), overridden for the selected stage by CDK context
 * (`cdk.json` or `-c key=value`) or, failing that, by `PETITIONS_*` environment variables, and
 * checked before any resource is built, so a wrong value fails the synth with a message that
 * names it.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node } from "constructs";
import { type SettingName, settings } from "../../shared/config.ts";
import { UK_DATA_FILES } from "../../shared/geo/uk-data.ts";
import {
  isStageName,
  PLACEHOLDER_ACCOUNT,
  placeholdersOf,
  STAGE_NAMES,
  type StageName,
  type StageSettings,
  stages,
} from "./stages.ts";

/** The project root (where package.json, package-lock.json and cdk.json live). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The UK reference files the code reads at run time (shared/geo/uk-data.ts); each function that
 * declares DATA_DIR gets them in its bundle's `data/` folder. A test checks this list against the
 * file names that module mentions.
 */
export const DATA_FILES = Object.values(UK_DATA_FILES);

/** Where DATA_DIR points inside a Lambda bundle (the bundle is unpacked at /var/task). */
export const LAMBDA_DATA_DIR = "/var/task/data";

export interface DeploymentConfig {
  senderEmail: string;
  reportEmail?: string;
  /** A custom public URL (no trailing slash); when absent the CloudFront URL is used. */
  publicUrl?: string;
  /** ACM certificate (us-east-1) for the custom domain of `publicUrl`, if CloudFront should serve it. */
  certificateArn?: string;
  /** Absolute path of the UK reference data directory. */
  dataDir: string;
  /** Prefix of the Cognito hosted UI domain; defaults to one derived from the stage and account id. */
  authDomainPrefix?: string;
  /** The SES sending domain; the sender address's domain when absent. */
  mailDomain?: string;
  /** A public Route 53 zone holding the sending domain: SES's DNS records are written there. */
  hostedZone?: { id: string; name: string };
  /** Origin Shield's region (one nearest the API); defaults to the stack's region, else eu-west-2. */
  originShieldRegion?: string;
  /** Values for the other settings (thresholds, rates...): only those given are passed. */
  settingOverrides: Partial<Record<SettingName, string>>;
  /** The stage's settings, with the values above folded in. */
  stage: StageSettings;
}

export interface ReadOptions {
  /** The stage to read; default the context's `stage` (or PETITIONS_STAGE), else dev. */
  stage?: StageName;
  /** The stage table; default the committed one (tests pass others). */
  stages?: Readonly<Record<StageName, StageSettings>>;
}

export class DeploymentConfigError extends Error {
  override name = "DeploymentConfigError";
}

/** Settings whose value comes from the infrastructure itself; never overridden by context. */
export const INFRA_SETTINGS = [
  "TABLE_NAME",
  "PUBLIC_URL",
  "SENDER_EMAIL",
  "REPORT_EMAIL",
  "DATA_DIR",
  "STAFF_JWT_ISSUER",
  "STAFF_JWT_AUDIENCE",
  "SES_CONFIGURATION_SET",
  "ORIGIN_SECRET_ARN",
] as const satisfies readonly SettingName[];

const settingNames = Object.keys(settings) as SettingName[];

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}

/** The stage a synth builds: `-c stage=<name>`, else PETITIONS_STAGE, else dev. */
export function selectedStage(node: Node, env: NodeJS.ProcessEnv = process.env): StageName {
  const name = text(node.tryGetContext("stage")) ?? text(env.PETITIONS_STAGE) ?? "dev";
  if (!isStageName(name)) {
    throw new DeploymentConfigError(`Unknown stage "${name}": expected one of ${STAGE_NAMES.join(", ")}`);
  }
  return name;
}

/**
 * Reads the deployment config of a stage: its committed settings and, for the selected stage,
 * context, then `PETITIONS_*` environment variables. Context keys: stage, senderEmail,
 * reportEmail, publicUrl, certificateArn, dataDir, authDomainPrefix, mailDomain, hostedZoneId and
 * hostedZoneName (together), originShieldRegion, and any other setting by its
 * own name (e.g. `-c THRESHOLD_FOR_RESPONSE=10000`). Another stage (one the pipeline deploys
 * before the selected one) takes only dataDir from them. A strict stage (prod) refuses
 * placeholder values, naming each.
 */
export function readDeploymentConfig(
  node: Node,
  env: NodeJS.ProcessEnv = process.env,
  options: ReadOptions = {},
): DeploymentConfig {
  const selected = selectedStage(node, env);
  const name = options.stage ?? selected;
  const base = (options.stages ?? stages)[name];
  const overridable = name === selected;
  const pick = (key: string, envName: string) =>
    overridable ? (text(node.tryGetContext(key)) ?? text(env[envName])) : undefined;
  const problems: string[] = [];

  const senderEmail = pick("senderEmail", "PETITIONS_SENDER_EMAIL") ?? base.senderEmail;
  if (!settings.SENDER_EMAIL.safeParse(senderEmail).success) {
    problems.push(`senderEmail: "${senderEmail}" is not an email address`);
  }
  const reportEmail = pick("reportEmail", "PETITIONS_REPORT_EMAIL") ?? base.reportEmail;
  if (reportEmail !== undefined && !settings.REPORT_EMAIL.safeParse(reportEmail).success) {
    problems.push(`reportEmail: "${reportEmail}" is not an email address`);
  }
  let publicUrl = pick("publicUrl", "PETITIONS_PUBLIC_URL") ?? (base.domain && `https://${base.domain.name}`);
  if (publicUrl !== undefined) {
    publicUrl = publicUrl.replace(/\/+$/, "");
    if (!/^https:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicUrl)) {
      problems.push(`publicUrl: "${publicUrl}" must be an https:// URL`);
    }
  }
  const certificateArn = pick("certificateArn", "PETITIONS_CERTIFICATE_ARN") ?? base.domain?.certificateArn;
  if (certificateArn !== undefined && !certificateArn.startsWith("arn:")) {
    problems.push(`certificateArn: "${certificateArn}" is not an ARN`);
  }
  if (certificateArn !== undefined && publicUrl === undefined) {
    problems.push("certificateArn is only meaningful together with publicUrl (the custom domain)");
  }
  const authDomainPrefix = pick("authDomainPrefix", "PETITIONS_AUTH_DOMAIN_PREFIX");
  if (authDomainPrefix !== undefined && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix)) {
    problems.push(`authDomainPrefix: "${authDomainPrefix}" must be lower-case letters, digits and hyphens`);
  }

  const originShieldRegion = pick("originShieldRegion", "PETITIONS_ORIGIN_SHIELD_REGION");
  if (originShieldRegion !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(originShieldRegion)) {
    problems.push(`originShieldRegion: "${originShieldRegion}" is not an AWS region name`);
  }

  const mailDomain = pick("mailDomain", "PETITIONS_MAIL_DOMAIN")?.toLowerCase();
  const domainPattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
  if (mailDomain !== undefined && !domainPattern.test(mailDomain)) {
    problems.push(`mailDomain: "${mailDomain}" is not a domain name`);
  }
  const senderDomain = (senderEmail.split("@").pop() ?? "").toLowerCase();
  if (mailDomain !== undefined && senderDomain !== mailDomain && !senderDomain.endsWith(`.${mailDomain}`)) {
    problems.push(`mailDomain: the sender address ${senderEmail} is not in ${mailDomain}`);
  }
  const hostedZoneId = pick("hostedZoneId", "PETITIONS_HOSTED_ZONE_ID");
  const hostedZoneName = pick("hostedZoneName", "PETITIONS_HOSTED_ZONE_NAME")
    ?.toLowerCase()
    .replace(/\.$/, "");
  let hostedZone: DeploymentConfig["hostedZone"];
  if ((hostedZoneId === undefined) !== (hostedZoneName === undefined)) {
    problems.push("hostedZoneId and hostedZoneName go together: give both or neither");
  } else if (hostedZoneId !== undefined && hostedZoneName !== undefined) {
    if (!/^Z[A-Z0-9]{1,31}$/.test(hostedZoneId))
      problems.push(`hostedZoneId: "${hostedZoneId}" is not a hosted zone id`);
    const sending = mailDomain ?? (senderEmail.split("@").pop() ?? "").toLowerCase();
    if (sending !== hostedZoneName) {
      problems.push(
        `hostedZoneName: the SES identity is the zone's own domain, so it must be the sending domain "${sending}" (set mailDomain or senderEmail to match)`,
      );
    }
    hostedZone = { id: hostedZoneId, name: hostedZoneName };
  }

  const dataDir = resolve(
    projectRoot,
    text(node.tryGetContext("dataDir")) ?? text(env.PETITIONS_DATA_DIR) ?? "../shared/data/uk",
  );
  if (!existsSync(resolve(dataDir, "regions.csv"))) {
    problems.push(
      `dataDir: ${dataDir} does not contain regions.csv; set -c dataDir=<dir with the UK reference data> or PETITIONS_DATA_DIR`,
    );
  } else {
    const missing = DATA_FILES.filter((file) => !existsSync(resolve(dataDir, file)));
    if (missing.length > 0) problems.push(`dataDir: ${dataDir} lacks ${missing.join(", ")}`);
  }

  const settingOverrides: Partial<Record<SettingName, string>> = {};
  for (const setting of settingNames) {
    if ((INFRA_SETTINGS as readonly string[]).includes(setting)) continue;
    const value =
      (overridable ? text(node.tryGetContext(setting)) : undefined) ?? text(base.settings?.[setting]);
    if (value === undefined) continue;
    if (!settings[setting].safeParse(value).success) {
      problems.push(`${setting}: "${value}" is not a valid value`);
      continue;
    }
    settingOverrides[setting] = value;
  }

  // The account: the stage's, else `-c account=` or the CLI's own (CDK_DEFAULT_ACCOUNT), else the
  // placeholder: the pipeline's cross-region deploy of the us-east-1 firewall needs one to synthesise.
  const account = base.account ?? pick("account", "CDK_DEFAULT_ACCOUNT") ?? PLACEHOLDER_ACCOUNT;
  if (!/^\d{12}$/.test(account)) problems.push(`account: "${account}" is not a 12-digit AWS account id`);
  const stage: StageSettings = {
    ...base,
    account,
    senderEmail,
    ...(reportEmail !== undefined ? { reportEmail } : {}),
    ...(publicUrl !== undefined
      ? { domain: { name: hostOf(publicUrl), certificateArn: certificateArn ?? "" } }
      : { domain: undefined }),
  };
  if (stage.strict) {
    const placeholders = placeholdersOf(stage, settingOverrides);
    if (placeholders.length > 0) {
      problems.push(
        `stage ${name} still has placeholder values: ${placeholders.join(", ")}; set them in infra/aws/stages.ts`,
      );
    }
  }

  if (problems.length > 0) {
    throw new DeploymentConfigError(`Invalid deployment configuration:\n  - ${problems.join("\n  - ")}`);
  }
  return {
    senderEmail,
    reportEmail,
    publicUrl,
    certificateArn,
    dataDir,
    authDomainPrefix,
    ...(mailDomain ? { mailDomain } : {}),
    ...(hostedZone ? { hostedZone } : {}),
    ...(originShieldRegion ? { originShieldRegion } : {}),
    settingOverrides,
    stage,
  };
}
