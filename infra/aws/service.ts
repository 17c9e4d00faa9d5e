/**
 * The service's stacks as one unit, for the app and the tests alike: the edge firewall (WafStack,
 * us-east-1) and the service (PetitionsStack, in its own region) with the firewall attached.
 */
import type { Construct } from "constructs";
import { readDeploymentConfig } from "./config.ts";
import { PetitionsStack, type PetitionsStackProps } from "./petitions-stack.ts";
import { DEFAULT_WAF_SETTINGS, type WafSettings, WafStack } from "./waf.ts";

export interface ServiceStacksOptions {
  /** The service's region (the firewall is always in us-east-1). */
  region: string;
  account?: string | undefined;
  /** Construct ids; default PetitionsStack and PetitionsWafStack. */
  name?: string;
  /** CloudFormation stack names (the firewall's gets `-waf`); default the construct ids. */
  stackName?: string;
  description?: string;
  runbookBaseUrl?: string;
  waf?: WafSettings;
  config?: PetitionsStackProps["config"];
  topology?: PetitionsStackProps["topology"];
  env?: NodeJS.ProcessEnv;
}

export function buildServiceStacks(scope: Construct, options: ServiceStacksOptions) {
  const name = options.name ?? "PetitionsStack";
  const account = options.account ? { account: options.account } : {};
  const waf = new WafStack(scope, name.replace(/Stack$|$/, "WafStack"), {
    ...(options.stackName ? { stackName: `${options.stackName}-waf` } : {}),
    description: "Petitions service: the edge firewall (AWS WAF web ACL for CloudFront)",
    env: { ...account, region: "us-east-1" },
    crossRegionReferences: true,
    settings: options.waf ?? DEFAULT_WAF_SETTINGS,
  });
  const service = new PetitionsStack(scope, name, {
    ...(options.stackName ? { stackName: options.stackName } : {}),
    description:
      options.description ??
      "Petitions service: HTTP API, Lambda functions, DynamoDB table, Cognito staff sign-in, SES",
    ...(options.runbookBaseUrl ? { runbookBaseUrl: options.runbookBaseUrl } : {}),
    env: { ...account, region: options.region },
    crossRegionReferences: true,
    config: options.config ?? readDeploymentConfig(scope.node, options.env),
    webAclArn: waf.webAclArn,
    ...(options.topology ? { topology: options.topology } : {}),
  });
  return { waf, service };
}
