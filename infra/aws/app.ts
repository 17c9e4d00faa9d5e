/**
 * The CDK app: `cdk synth` runs this (see cdk.json). Synthesises offline, with no credentials:
 * the stack is environment-agnostic and makes no lookups.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { readDeploymentConfig } from "./config.ts";
import { PetitionsStack } from "./petitions-stack.ts";

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const region = process.env.CDK_DEPLOY_REGION;
new PetitionsStack(app, "PetitionsStack", {
  description: "Petitions service: HTTP API, Lambda functions, DynamoDB table, Cognito staff sign-in, SES",
  config: readDeploymentConfig(app.node),
  ...(region ? { env: { region } } : {}),
});

app.synth();
