/**
 * Delivery: a CDK pipeline in the same app. It reads the repository through the stage's
 * CodeStar connection, synthesises, runs the tests, then for each stage it deploys shows the
 * diff against what is deployed, waits for a person's approval (every stage after the first)
 * and deploys. The pipeline updates itself first when its own definition changed.
 */
import { Stack, type StackProps, Stage, type StageProps, Validations } from "aws-cdk-lib";
import { CfnProject, LinuxBuildImage } from "aws-cdk-lib/aws-codebuild";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { CfnBucket } from "aws-cdk-lib/aws-s3";
import {
  CodeBuildStep,
  CodePipeline,
  CodePipelineSource,
  ManualApprovalStep,
  ShellStep,
  type Step,
} from "aws-cdk-lib/pipelines";
import type { Construct } from "constructs";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import type { DeploymentConfig } from "./config.ts";
import { EdgeAlarmsStack } from "./monitoring.ts";
import { nagEnvironment } from "./nag-names.ts";
import type { PetitionsStack } from "./petitions-stack.ts";
import { buildServiceStacks } from "./service.ts";
import type { StageName, StageSettings } from "./stages.ts";
import type { WafStack } from "./waf.ts";

/** The CDK bootstrap's default qualifier (the roles `cdk diff` assumes to read deployed templates). */
const BOOTSTRAP_QUALIFIER = "hnb659fds";

export const stackNameOf = (stage: StageName) => `Petitions-${stage}`;

export interface PetitionsStageProps extends StageProps {
  config: DeploymentConfig;
  topology?: readonly FunctionSpec[];
}

/** One deployable stage of the service: its stack, named after the stage. */
export class PetitionsStage extends Stage {
  readonly stack: PetitionsStack;
  readonly waf: WafStack;
  /** Outside us-east-1: the CloudFront alarm's own stack there, where CloudFront's metrics are. */
  readonly edgeAlarms: EdgeAlarmsStack | undefined;

  constructor(scope: Construct, id: string, props: PetitionsStageProps) {
    super(scope, id, props);
    const { config } = props;
    // The service in the stage's region, and its edge firewall in us-east-1 (a CloudFront web ACL's).
    const { service, waf } = buildServiceStacks(this, {
      name: "Service",
      stackName: stackNameOf(config.stage.name),
      description: `Petitions service (${config.stage.name}): HTTP API, Lambda functions, DynamoDB table, Cognito staff sign-in, SES`,
      region: config.stage.region,
      account: config.stage.account,
      waf: config.stage.waf,
      config,
      ...(props.topology ? { topology: props.topology } : {}),
      ...(config.stage.runbookBaseUrl ? { runbookBaseUrl: config.stage.runbookBaseUrl } : {}),
    });
    this.stack = service;
    this.waf = waf;
    // The distribution's id travels as the firewall's ARN does, the other way: CloudFormation's
    // Fn::GetStackOutput across Regions (CDK's crossRegionReferences), so it deploys after the service.
    this.edgeAlarms =
      config.stage.region === "us-east-1"
        ? undefined
        : new EdgeAlarmsStack(this, "EdgeAlarms", {
            stackName: `${stackNameOf(config.stage.name)}-edge-alarms`,
            description: `Petitions service (${config.stage.name}): the CloudFront alarm, in us-east-1 where CloudFront's metrics are`,
            env: { ...(config.stage.account ? { account: config.stage.account } : {}), region: "us-east-1" },
            crossRegionReferences: true,
            alarmEmails: config.stage.alarmEmails,
            distributionId: service.cdn.distribution.distributionId,
            ...(config.stage.runbookBaseUrl ? { runbookBaseUrl: config.stage.runbookBaseUrl } : {}),
          });
  }
}

export interface PipelineStackProps extends StackProps {
  /** The stage whose synth this is: its pipeline source; the pipeline deploys its promotion path. */
  stage: StageSettings;
  /** The stages to deploy, in order (built once, in this app: the pipeline reuses them). */
  deploys: readonly PetitionsStage[];
}

export class PipelineStack extends Stack {
  readonly pipeline: CodePipeline;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const source = CodePipelineSource.connection(stage.pipeline.repository, stage.pipeline.branch, {
      connectionArn: stage.pipeline.connectionArn,
    });
    const synthCommand = `npx cdk synth -q -c stage=${stage.name}`;

    this.pipeline = new CodePipeline(this, "Pipeline", {
      // Stages may live in other accounts than the pipeline's: artifacts are encrypted with a key they can use.
      crossAccountKeys: true,
      enableKeyRotation: true,
      codeBuildDefaults: { buildEnvironment: { buildImage: LinuxBuildImage.STANDARD_7_0 } },
      synth: new ShellStep("Synth", { input: source, commands: ["npm ci", synthCommand] }),
    });

    const test = new CodeBuildStep("Test", { input: source, commands: ["npm ci", "npm test"] });
    props.deploys.forEach((deployment, index) => {
      const target = deployment.stack;
      const diff = new CodeBuildStep(`Diff-${deployment.stageName}`, {
        input: source,
        commands: ["npm ci", `npx cdk diff -c stage=${stage.name} '${deployment.stageName}/*'`],
        // cdk diff reads the deployed template through the bootstrap roles of the target environment.
        rolePolicyStatements: [
          new PolicyStatement({
            actions: ["sts:AssumeRole"],
            resources: [
              `arn:${this.partition}:iam::${target.account}:role/cdk-${BOOTSTRAP_QUALIFIER}-lookup-role-${target.account}-${target.region}`,
              `arn:${this.partition}:iam::${target.account}:role/cdk-${BOOTSTRAP_QUALIFIER}-deploy-role-${target.account}-${target.region}`,
            ],
          }),
        ],
      });
      const pre: Step[] = index === 0 ? [test, diff] : [diff];
      if (index > 0) {
        const approval = new ManualApprovalStep(`Approve-${deployment.stageName}`, {
          comment: `Review the diff of ${deployment.stageName}, then approve its deployment`,
        });
        approval.addStepDependency(diff);
        pre.push(approval);
      }
      if (index === 0) diff.addStepDependency(test);
      this.pipeline.addStage(deployment, { pre });
    });
    this.pipeline.buildPipeline();
    this.acknowledgeNagFindings();
  }

  /** Findings on what CDK Pipelines itself builds (its roles and artifacts bucket), each with its reason. */
  private acknowledgeNagFindings(): void {
    const artifacts =
      "CDK Pipelines grants the pipeline's own roles read and write on its artifacts bucket and the objects in it, and use of its artifacts key; nothing else.";
    const builds =
      "Each CodeBuild project may write its own log groups and report groups (names that CodeBuild derives from the project).";
    const { partition, region, account } = nagEnvironment(this);
    Validations.of(this.pipeline).acknowledge(
      ...[
        "Action::s3:GetBucket*",
        "Action::s3:GetObject*",
        "Action::s3:List*",
        "Action::s3:Abort*",
        "Action::s3:DeleteObject*",
        "Action::kms:GenerateDataKey*",
        "Action::kms:ReEncrypt*",
      ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: artifacts })),
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.pipeline.pipeline.artifactBucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
        reason: artifacts,
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:*:iam::${account}:role/*]`,
        reason:
          "The pipeline's self-update may assume only roles tagged as CDK bootstrap roles (aws-cdk:bootstrap-role deploy, file-publishing, image-publishing) in its own account.",
      },
      {
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "cloudformation:DescribeStacks, s3:ListBucket and starting or reading CodeBuild builds, as CDK Pipelines needs them; these actions are read-only or start only this pipeline's builds.",
      },
      {
        id: "AwsSolutions-S1",
        reason:
          "The artifacts bucket holds only the pipeline's own build artifacts, encrypted with its key and reachable only by its roles; CloudTrail records the pipeline's actions.",
      },
    );
    const logs = `arn:${partition}:logs:${region}:${account}:log-group:/aws/codebuild/`;
    const reports = `arn:${partition}:codebuild:${region}:${account}:report-group/`;
    for (const project of this.node.findAll().filter((c) => c instanceof CfnProject)) {
      const id = this.getLogicalId(project as CfnProject);
      Validations.of(this.pipeline).acknowledge(
        { id: `AwsSolutions-IAM5[Resource::${logs}<${id}>:*]`, reason: builds },
        { id: `AwsSolutions-IAM5[Resource::${reports}<${id}>-*]`, reason: builds },
      );
    }
    // The firewall's stack is in us-east-1: CodePipeline replicates artifacts there through a
    // bucket of its own cross-region support stack.
    for (const { replicationBucket } of Object.values(this.pipeline.pipeline.crossRegionSupport)) {
      Validations.of(replicationBucket).acknowledge({
        id: "AwsSolutions-S1",
        reason:
          "CodePipeline's replication bucket holds only pipeline artifacts on their way to the us-east-1 firewall stack; reads are CodePipeline's own and CloudTrail records them.",
      });
      const bucket = this.resolve(replicationBucket.bucketName) as unknown;
      if (typeof bucket !== "string") continue;
      Validations.of(this.pipeline).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::${bucket}/*]`,
        reason:
          "CodePipeline's own grant on the replication bucket of its cross-region support stack (artifacts for the us-east-1 firewall stack); nothing else.",
      });
    }
    const publishing =
      "CDK Pipelines' asset-publishing role writes the logs and reports of its publishing projects, which it creates per asset: their names are not known in advance.";
    Validations.of(this.pipeline).acknowledge(
      { id: `AwsSolutions-IAM5[Resource::${logs}*]`, reason: publishing },
      { id: `AwsSolutions-IAM5[Resource::${reports}*]`, reason: publishing },
    );
  }
}
