/**
 * The CDK app: `cdk synth` runs this (see cdk.json). `-c stage=<name>` picks the stage (default
 * dev, infra/aws/stages.ts). Synthesises offline, with no credentials: no lookups.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { buildApp } from "./petitions-app.ts";

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
buildApp(app);
app.synth();
