/**
 * The CDK app: `cdk synth` runs this (see cdk.json). Synthesises offline, with no credentials:
 * the stack is environment-agnostic and makes no lookups.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { readDeploymentConfig } from "./config.ts";
import { EdgeAlarmsStack } from "./monitoring.ts";
import { PetitionsStack } from "./petitions-stack.ts";

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const region = process.env.CDK_DEPLOY_REGION;
const context = (key: string) => {
  const value = app.node.tryGetContext(key) as unknown;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};
const alarmEmails = (context("alarmEmails") ?? "").split(",").filter((email) => email.trim() !== "");
const runbookBaseUrl = context("runbookBaseUrl");
new PetitionsStack(app, "PetitionsStack", {
  description: "Petitions service: HTTP API, Lambda functions, DynamoDB table, Cognito staff sign-in, SES",
  config: readDeploymentConfig(app.node),
  alarmEmails,
  ...(runbookBaseUrl ? { runbookBaseUrl } : {}),
  ...(region ? { env: { region } } : {}),
});
// CloudFront's alarm lives in us-east-1; it needs the distribution's id from a first deploy.
const distributionId = context("distributionId");
if (distributionId && region !== "us-east-1") {
  new EdgeAlarmsStack(app, "PetitionsEdgeAlarms", {
    description: "Petitions service: the CloudFront alarm, in us-east-1 where CloudFront's metrics are",
    alarmEmails,
    distributionId,
    ...(runbookBaseUrl ? { runbookBaseUrl } : {}),
  });
}

app.synth();
