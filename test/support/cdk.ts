/**
 * Builds the CDK app in-process for tests, with cdk.json's context (an in-process App ignores
 * cdk.json) and, unless asked, without bundling and without the CloudFormation validator.
 */
import { readFileSync } from "node:fs";
import { App, type CfnResource, cx_api, NestedStack, type Stack } from "aws-cdk-lib";
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

/** The stacks and their templates (the service's with its nested stacks), built once per call. */
export function synthTemplate(options: BuildOptions = {}) {
  const { app, stack, waf } = buildStack(options);
  return { app, stack, waf, template: templateWithNested(stack), wafTemplate: Template.fromStack(waf) };
}

type Json = Record<string, unknown>;

/**
 * A stack's template with its nested stacks' resources in it, read as one: a nested stack's
 * parameter is replaced by what its parent passes, and the parent's read of a nested stack's
 * output by the output's value. Tests find a resource, and what it references, whichever stack
 * of the service holds it.
 */
export function templateWithNested(stack: Stack): Template {
  return Template.fromJSON(flatten(stack), { skipCyclicalDependenciesCheck: true });
}

function flatten(stack: Stack): Json {
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, Json> };
  const resources = { ...template.Resources };
  const nestedStacks = stack.node
    .findAll()
    .filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === stack);
  for (const nested of nestedStacks) {
    const resourceId = stack.getLogicalId(nested.nestedStackResource as CfnResource);
    const resource = resources[resourceId] as { Properties?: { Parameters?: Json } };
    const child = flatten(nested) as { Resources: Record<string, Json>; Outputs?: Record<string, Json> };
    const parameters = resource.Properties?.Parameters ?? {};
    const inner = replace(child.Resources, (node) =>
      typeof node.Ref === "string" && node.Ref in parameters ? parameters[node.Ref] : undefined,
    ) as Record<string, Json>;
    const outputs = replace(child.Outputs ?? {}, (node) =>
      typeof node.Ref === "string" && node.Ref in parameters ? parameters[node.Ref] : undefined,
    ) as Record<string, { Value: unknown }>;
    for (const [id, value] of Object.entries(inner)) {
      if (id in resources) throw new Error(`${id} is in ${stack.node.path} and ${nested.node.path}`);
      resources[id] = value;
    }
    const read = (node: Json) => {
      const getAtt = node["Fn::GetAtt"];
      if (!Array.isArray(getAtt) || getAtt[0] !== resourceId) return undefined;
      return outputs[String(getAtt[1]).replace(/^Outputs\./, "")]?.Value;
    };
    Object.assign(resources, replace(resources, read));
    // Waiting for a nested stack is waiting for every resource in it.
    for (const other of Object.values(resources)) {
      const dependsOn = other.DependsOn;
      if (Array.isArray(dependsOn) && dependsOn.includes(resourceId)) {
        other.DependsOn = [...dependsOn, ...Object.keys(inner)];
      }
    }
    Object.assign(template, { Outputs: replace((template as Json).Outputs ?? {}, read) });
  }
  return { ...template, Resources: resources };
}

/** A copy of `value` with every object `swap` answers for replaced by its answer. */
function replace(value: unknown, swap: (node: Json) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => replace(item, swap));
  if (value === null || typeof value !== "object") return value;
  const swapped = swap(value as Json);
  if (swapped !== undefined) return swapped;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replace(item, swap)]));
}

/** Removes the temporary cdk.out directories in-process synths leave in the OS temp dir (use in afterAll). */
export function cleanupAssemblies(): void {
  if (!process.env.CDK_NO_CLEAN_TESTS) cx_api.CloudAssembly.cleanupTemporaryDirectories();
}
