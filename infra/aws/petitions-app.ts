/**
 * The whole CDK app for one synth: the selected stage (`-c stage=<name>`, default dev), the stages
 * its pipeline deploys before it, each built once as a CDK Stage, and the pipeline stack that
 * deploys them in order. The pipeline reuses the same Stage objects, so every function is bundled
 * once per stage, never once more for the pipeline.
 */
import type { App } from "aws-cdk-lib";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { readDeploymentConfig, selectedStage } from "./config.ts";
import { PetitionsStage, PipelineStack } from "./pipeline.ts";
import { stages as committedStages, type StageName, type StageSettings } from "./stages.ts";

export interface AppOptions {
  /** The stage table; default the committed one. */
  stages?: Readonly<Record<StageName, StageSettings>>;
  topology?: readonly FunctionSpec[];
  /** Environment variables for the config; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface PetitionsApp {
  stage: StageName;
  /** The deployable stages, in pipeline order; the selected stage is last. */
  deploys: PetitionsStage[];
  pipeline: PipelineStack;
}

const envOf = (stage: StageSettings) => ({
  ...(stage.account !== undefined ? { account: stage.account } : {}),
  region: stage.region,
});

export function buildApp(app: App, options: AppOptions = {}): PetitionsApp {
  const env = options.env ?? process.env;
  const table = options.stages ?? committedStages;
  const name = selectedStage(app.node, env);
  const selected = table[name];
  const configs = [...selected.promotesFrom, name].map((stageName) =>
    readDeploymentConfig(app.node, env, { stage: stageName, stages: table }),
  );
  const deploys = configs.map((config) => {
    const stageName = config.stage.name;
    return new PetitionsStage(app, stageName, {
      env: envOf(config.stage),
      config,
      ...(options.topology ? { topology: options.topology } : {}),
    });
  });
  // The selected stage as read (its account filled in): the pipeline deploys across regions.
  const selectedConfig = configs.at(-1) as (typeof configs)[number];
  const pipeline = new PipelineStack(app, `Petitions-${name}-pipeline`, {
    description: `Petitions delivery pipeline (${name}): test, diff, approve and deploy ${deploys.map((d) => d.stageName).join(" then ")}`,
    env: envOf(selectedConfig.stage),
    stage: selectedConfig.stage,
    deploys,
  });
  return { stage: name, deploys, pipeline };
}
