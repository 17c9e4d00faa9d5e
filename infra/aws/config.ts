/**
 * Deployment settings of the AWS stack: read once from CDK context (`cdk.json` or `-c key=value`)
 * or, failing that, from `PETITIONS_*` environment variables, and checked before any resource is
 * built, so a wrong value fails the synth with a message that names it.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node } from "constructs";
import { type SettingName, settings } from "../../shared/config.ts";
import { UK_DATA_FILES } from "../../shared/geo/uk-data.ts";

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
  /** Prefix of the Cognito hosted UI domain; defaults to one derived from the account id. */
  authDomainPrefix?: string;
  /** Origin Shield's region (one nearest the API); defaults to the stack's region, else eu-west-2. */
  originShieldRegion?: string;
  /** Values for the other settings (thresholds, rates...): only those given are passed. */
  settingOverrides: Partial<Record<SettingName, string>>;
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
  "ORIGIN_SECRET_ARN",
] as const satisfies readonly SettingName[];

const settingNames = Object.keys(settings) as SettingName[];

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}

/**
 * Reads the deployment config from context, then `PETITIONS_*` environment variables, then defaults.
 * Context keys: senderEmail, reportEmail, publicUrl, certificateArn, dataDir, authDomainPrefix,
 * originShieldRegion, and
 * any other setting by its own name (e.g. `-c THRESHOLD_FOR_RESPONSE=10000`).
 */
export function readDeploymentConfig(node: Node, env: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  const pick = (key: string, envName: string) => text(node.tryGetContext(key)) ?? text(env[envName]);
  const problems: string[] = [];

  const senderEmail = pick("senderEmail", "PETITIONS_SENDER_EMAIL") ?? "no-reply@petitions.example.org";
  if (!settings.SENDER_EMAIL.safeParse(senderEmail).success) {
    problems.push(`senderEmail: "${senderEmail}" is not an email address`);
  }
  const reportEmail = pick("reportEmail", "PETITIONS_REPORT_EMAIL");
  if (reportEmail !== undefined && !settings.REPORT_EMAIL.safeParse(reportEmail).success) {
    problems.push(`reportEmail: "${reportEmail}" is not an email address`);
  }
  let publicUrl = pick("publicUrl", "PETITIONS_PUBLIC_URL");
  if (publicUrl !== undefined) {
    publicUrl = publicUrl.replace(/\/+$/, "");
    if (!/^https:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicUrl)) {
      problems.push(`publicUrl: "${publicUrl}" must be an https:// URL`);
    }
  }
  const certificateArn = pick("certificateArn", "PETITIONS_CERTIFICATE_ARN");
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

  const dataDir = resolve(projectRoot, pick("dataDir", "PETITIONS_DATA_DIR") ?? "../shared/data/uk");
  if (!existsSync(resolve(dataDir, "regions.csv"))) {
    problems.push(
      `dataDir: ${dataDir} does not contain regions.csv; set -c dataDir=<dir with the UK reference data> or PETITIONS_DATA_DIR`,
    );
  } else {
    const missing = DATA_FILES.filter((file) => !existsSync(resolve(dataDir, file)));
    if (missing.length > 0) problems.push(`dataDir: ${dataDir} lacks ${missing.join(", ")}`);
  }

  const settingOverrides: Partial<Record<SettingName, string>> = {};
  for (const name of settingNames) {
    if ((INFRA_SETTINGS as readonly string[]).includes(name)) continue;
    const value = text(node.tryGetContext(name));
    if (value === undefined) continue;
    if (!settings[name].safeParse(value).success) {
      problems.push(`${name}: "${value}" is not a valid value`);
      continue;
    }
    settingOverrides[name] = value;
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
    originShieldRegion,
    settingOverrides,
  };
}
