/**
 * Builds the CDK app in-process for tests, with cdk.json's context (an in-process App ignores
 * cdk.json) and, unless asked, without bundling and without the CloudFormation validator.
 */
import { readFileSync } from "node:fs";
import { App, cx_api } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { readDeploymentConfig } from "../../infra/aws/config.ts";
import { buildApp } from "../../infra/aws/petitions-app.ts";
import { buildServiceStacks } from "../../infra/aws/service.ts";
import type { StageName, StageSettings } from "../../infra/aws/stages.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";

const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
  context: Record<string, unknown>;
};

export interface BuildOptions {
  /** Bundle every function with esbuild for real (slow); default false. */
  bundle?: boolean;
  /** Run the built-in CloudFormation validator; default false. */
  validate?: boolean;
  /** Extra context (deployment settings), on top of cdk.json's. */
  context?: Record<string, unknown>;
  /** Another topology than the project's. */
  topology?: readonly FunctionSpec[];
  /** Environment for readDeploymentConfig; default: none, so the developer's shell does not leak in. */
  env?: NodeJS.ProcessEnv;
  /** The service stack's region (default TEST_REGION). */
  region?: string;
  /** Where alarm descriptions point for runbooks. */
  runbookBaseUrl?: string;
}

/** The service stack's region in tests (the firewall's is us-east-1). */
export const TEST_REGION = "eu-west-2";

export function buildStack(options: BuildOptions = {}) {
  const app = new App({
    builtinCloudFormationValidation: options.validate ?? false,
    context: {
      ...cdkJson.context,
      ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
      ...options.context,
    },
  });
  const { service: stack, waf } = buildServiceStacks(app, {
    name: "PetitionsTest",
    region: options.region ?? TEST_REGION,
    ...(options.runbookBaseUrl ? { runbookBaseUrl: options.runbookBaseUrl } : {}),
    config: readDeploymentConfig(app.node, options.env ?? {}),
    ...(options.topology ? { topology: options.topology } : {}),
  });
  return { app, stack, waf };
}

export interface AppBuildOptions {
  /** Extra context on top of cdk.json's (besides the stage). */
  context?: Record<string, unknown>;
  /** Another stage table than the committed one. */
  stages?: Readonly<Record<StageName, StageSettings>>;
}

/**
 * The whole app of `cdk synth -c stage=<stage>` (no stage: plain `cdk synth`), in-process, offline, without bundling and
 * without the validation plugins (nag.test.ts runs those).
 */
export function buildStageApp(stage: StageName | undefined, options: AppBuildOptions = {}) {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: {
      ...cdkJson.context,
      "aws:cdk:bundling-stacks": [],
      ...options.context,
      ...(stage !== undefined ? { stage } : {}),
    },
  });
  const built = buildApp(app, { env: {}, ...(options.stages ? { stages: options.stages } : {}) });
  return { app, ...built };
}

/** The stacks and their templates, built once per call. */
export function synthTemplate(options: BuildOptions = {}) {
  const { app, stack, waf } = buildStack(options);
  return { app, stack, waf, template: Template.fromStack(stack), wafTemplate: Template.fromStack(waf) };
}

/** Removes the temporary cdk.out directories in-process synths leave in the OS temp dir (use in afterAll). */
export function cleanupAssemblies(): void {
  if (!process.env.CDK_NO_CLEAN_TESTS) cx_api.CloudAssembly.cleanupTemporaryDirectories();
}
