/**
 * Builds the CDK app in-process for tests, with cdk.json's context (an in-process App ignores
 * cdk.json) and, unless asked, without bundling and without the CloudFormation validator.
 */
import { readFileSync } from "node:fs";
import { App, cx_api } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { readDeploymentConfig } from "../../infra/aws/config.ts";
import { buildApp } from "../../infra/aws/petitions-app.ts";
import { PetitionsStack, type PetitionsStackProps } from "../../infra/aws/petitions-stack.ts";
import type { StageName, StageSettings } from "../../infra/aws/stages.ts";
import type { FunctionSpec } from "../../infra/topology-types.ts";

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
  /** Further stack properties (alarm recipients, a Region). */
  stackProps?: Partial<Omit<PetitionsStackProps, "config">>;
}

export function buildStack(options: BuildOptions = {}) {
  const app = new App({
    builtinCloudFormationValidation: options.validate ?? false,
    context: {
      ...cdkJson.context,
      ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
      ...options.context,
    },
  });
  const stack = new PetitionsStack(app, "PetitionsTest", {
    config: readDeploymentConfig(app.node, options.env ?? {}),
    ...(options.topology ? { topology: options.topology } : {}),
    ...options.stackProps,
  });
  return { app, stack };
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

/** The stack and its template, built once per call. */
export function synthTemplate(options: BuildOptions = {}) {
  const { app, stack } = buildStack(options);
  return { app, stack, template: Template.fromStack(stack) };
}

/** Removes the temporary cdk.out directories in-process synths leave in the OS temp dir (use in afterAll). */
export function cleanupAssemblies(): void {
  if (!process.env.CDK_NO_CLEAN_TESTS) cx_api.CloudAssembly.cleanupTemporaryDirectories();
}
