/**
 * The CDK app: `cdk synth` runs this (see cdk.json). Synthesises offline, with no credentials:
 * it makes no lookups. Two stacks: the edge firewall in us-east-1 (where a CloudFront web ACL must
 * live) and the service in its region (CDK_DEPLOY_REGION, default eu-west-2); the service stack
 * reads the web ACL's ARN through a cross-region reference, which needs both regions known.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { buildServiceStacks } from "./service.ts";

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

buildServiceStacks(app, {
  region: process.env.CDK_DEPLOY_REGION ?? "eu-west-2",
  // The account is only known at deploy; an unresolved account still synthesises.
  account: process.env.CDK_DEPLOY_ACCOUNT ?? process.env.CDK_DEFAULT_ACCOUNT,
});

app.synth();
