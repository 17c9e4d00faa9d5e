/**
 * Every stage synthesises offline as one app (its stack, the stages its pipeline deploys first,
 * and the pipeline), and each carries the operability settings of its stage: isolation under
 * load, cost guards, backups, canary releases. Runs over every stage and every topology entry;
 * names no function. Bundling is skipped (bundle.test.ts bundles for real).
 */

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUDGET_ALERT_PERCENTAGES } from "../../infra/aws/budget.ts";
import { CANARY_RUNBOOK } from "../../infra/aws/canary.ts";
import { DeploymentConfigError, projectRoot } from "../../infra/aws/config.ts";
import { reservedConcurrency } from "../../infra/aws/isolation.ts";
import { PetitionsStack } from "../../infra/aws/petitions-stack.ts";
import { PLACEHOLDER_ACCOUNT, STAGE_NAMES, type StageName, stages } from "../../infra/aws/stages.ts";
import { tableDefinition } from "../../shared/db/table.ts";
import { topology } from "../../shared/topology.ts";
import { buildStageApp, cleanupAssemblies, templateWithNested } from "../support/cdk.ts";
import { filledIn } from "../support/stages.ts";

afterAll(cleanupAssemblies);

type Resource = { Type: string; Properties: Record<string, unknown>; [key: string]: unknown };

interface Built {
  stacks: PetitionsStack[];
  /** Each deployed stage's us-east-1 CloudFront alarm stack, when the stage is elsewhere. */
  edgeAlarms: (Stack | undefined)[];
  templates: Template[];
  pipeline: Template;
}

const built = new Map<StageName, Built>();

// Four stage stacks and three pipelines: slow on a shared machine.
beforeAll(() => {
  for (const name of STAGE_NAMES) {
    const { deploys, pipeline } = buildStageApp(name, { stages: filledIn });
    const stacks = deploys.map((stage) => stage.stack);
    built.set(name, {
      stacks,
      edgeAlarms: deploys.map((stage) => stage.edgeAlarms),
      templates: stacks.map((stack) => templateWithNested(stack)),
      pipeline: Template.fromStack(pipeline),
    });
  }
}, 300_000);

const builtOf = (name: StageName) => built.get(name) as Built;
/** The selected stage's own stack and template (the last one its pipeline deploys). */
const own = (name: StageName) => {
  const { stacks, templates } = builtOf(name);
  return { stack: stacks.at(-1) as PetitionsStack, template: templates.at(-1) as Template };
};
const logicalIdOf = (stack: PetitionsStack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

describe("synth of each stage, offline", () => {
  it.each(STAGE_NAMES)("%s: the stage's stack, named after it, and the pipeline stack", (name) => {
    const { stacks, pipeline } = builtOf(name);
    expect(stacks.map((stack) => stack.stackName)).toEqual(
      [...stages[name].promotesFrom, name].map((stage) => `Petitions-${stage}`),
    );
    pipeline.resourceCountIs("AWS::CodePipeline::Pipeline", 1);
  });

  it("builds each stage's stack once: the pipeline deploys the same stages, so nothing is bundled twice", () => {
    const { app, deploys } = buildStageApp("prod", { stages: filledIn });
    const stacks = app.node.findAll().filter((construct) => construct instanceof PetitionsStack);
    expect(stacks).toHaveLength(deploys.length);
  });

  it("builds dev when no stage is given", () => {
    const { stage, deploys, pipeline } = buildStageApp(undefined);
    expect(stage).toBe("dev");
    expect(deploys.map((d) => d.stack.stackName)).toEqual(["Petitions-dev"]);
    expect(pipeline.stackName).toBe("Petitions-dev-pipeline");
  });

  it("builds staging from the committed values, placeholders and all", () => {
    expect(() => buildStageApp("staging")).not.toThrow();
  });

  it("refuses prod with placeholder values, naming each", () => {
    let error: unknown;
    try {
      buildStageApp("prod");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DeploymentConfigError);
    const message = (error as Error).message;
    for (const field of [
      "account",
      "domain",
      "senderEmail",
      "reportEmail",
      "alarmEmails[0]",
      "pipeline.connectionArn",
      "settings.CONTACT_EMAIL",
      "settings.FEEDBACK_EMAIL",
    ]) {
      expect(message).toContain(`${field} (`);
    }
    expect(message).toContain(PLACEHOLDER_ACCOUNT);
    expect(message).toContain("petitions.example.org");
  });

  it("refuses prod when a single value is still an example", () => {
    const one = { ...filledIn, prod: { ...filledIn.prod, reportEmail: "committee@example.com" } };
    expect(() => buildStageApp("prod", { stages: one })).toThrow(/reportEmail \(committee@example\.com\)/);
  });

  it("refuses prod while the contact or feedback address people see is an example, whether set or by default", () => {
    const { CONTACT_EMAIL, ...rest } = filledIn.prod.settings ?? {};
    expect(CONTACT_EMAIL).toBeDefined();
    const unset = { ...filledIn, prod: { ...filledIn.prod, settings: rest } };
    expect(() => buildStageApp("prod", { stages: unset })).toThrow(
      /settings\.CONTACT_EMAIL \(petitions@petitions\.example\.org\)/,
    );
    expect(() =>
      buildStageApp("prod", { stages: filledIn, context: { FEEDBACK_EMAIL: "feedback@example.com" } }),
    ).toThrow(/settings\.FEEDBACK_EMAIL \(feedback@example\.com\)/);
  });

  it("applies context overrides to the selected stage only, never to the stages deployed before it", () => {
    const { deploys } = buildStageApp("prod", {
      stages: filledIn,
      context: { senderEmail: "petitions@parliament.uk", THRESHOLD_FOR_RESPONSE: "42" },
    });
    const [staging, prod] = deploys.map((stage) => stage.stack);
    expect(staging?.stackName).toBe("Petitions-staging");
    expect(prod?.stackName).toBe("Petitions-prod");
    // The sender address every mail function is given.
    const senders = (stack: PetitionsStack | undefined) => [
      ...new Set(
        Object.values(templateWithNested(stack as PetitionsStack).findResources("AWS::Lambda::Function"))
          .map(
            (fn) =>
              ((fn as Resource).Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
                ?.Variables?.SENDER_EMAIL,
          )
          .filter((sender) => sender !== undefined),
      ),
    ];
    expect(senders(prod)).toEqual(["petitions@parliament.uk"]);
    expect(senders(staging)).toEqual([stages.staging.senderEmail]);
  });

  it("refuses concurrency shares that would leave less than Lambda's unreserved minimum", () => {
    const small = { ...stages.dev, quotas: { ...stages.dev.quotas, lambdaConcurrency: 120 } };
    expect(() => reservedConcurrency(topology, small)).toThrow(
      /leaves less than 100 .*lambdaConcurrency \(120\)/,
    );
  });

  it("refuses an unknown stage", () => {
    expect(() => buildStageApp("qa" as StageName)).toThrow(/Unknown stage "qa"/);
  });

  it("lets two stages share an account: stage-specific names for the Cognito domain and the backup plan", () => {
    const names = (name: StageName) => {
      const { template } = own(name);
      const domain = Object.values(template.findResources("AWS::Cognito::UserPoolDomain"))[0] as Resource;
      const plan = Object.values(template.findResources("AWS::Backup::BackupPlan"))[0] as Resource;
      return {
        domain: JSON.stringify(domain.Properties.Domain),
        plan: (plan.Properties.BackupPlan as { BackupPlanName: string }).BackupPlanName,
      };
    };
    const dev = names("dev");
    const staging = names("staging");
    expect(dev.domain).toContain("petitions-staff-dev-");
    expect(staging.domain).toContain("petitions-staff-staging-");
    expect(dev.plan).not.toBe(staging.plan);
  });

  it("makes staging production-shaped: every kind of resource prod has", () => {
    const kinds = (template: Template) =>
      [
        ...new Set(Object.values(template.toJSON().Resources as Record<string, Resource>).map((r) => r.Type)),
      ].sort();
    expect(kinds(own("staging").template)).toEqual(kinds(own("prod").template));
  });
});

describe.each(STAGE_NAMES)("stage %s", (name) => {
  const settings = () => filledIn[name];

  it("caps the concurrency of each capped entry by its group's share of the quota, and no other", () => {
    const { stack, template } = own(name);
    const caps = reservedConcurrency(topology, settings());
    expect(caps.size).toBeGreaterThan(0);
    for (const spec of topology) {
      const fn = stack.functions.get(spec.name);
      expect(fn, spec.name).toBeDefined();
      const props = (
        template.findResources("AWS::Lambda::Function")[logicalIdOf(stack, fn as never)] as Resource
      ).Properties;
      if (spec.concurrency) {
        const members = topology.filter((other) => other.concurrency === spec.concurrency).length;
        const expected = Math.max(
          1,
          Math.floor(
            (settings().quotas.lambdaConcurrency * settings().concurrencyShares[spec.concurrency]) / members,
          ),
        );
        expect(props.ReservedConcurrentExecutions, spec.name).toBe(expected);
      } else {
        expect(props.ReservedConcurrentExecutions, spec.name).toBeUndefined();
      }
    }
  });

  it("throttles every write route on the stage, signing routes by the signing limit", () => {
    const { template } = own(name);
    const stage = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"))[0] as Resource;
    const routeSettings = stage.Properties.RouteSettings as Record<string, unknown>;
    const writes = topology.flatMap((spec) =>
      (spec.routes ?? []).filter((route) => route.method !== "GET").map((route) => ({ spec, route })),
    );
    expect(writes.length).toBeGreaterThan(0);
    expect(Object.keys(routeSettings).sort()).toEqual(
      writes.map(({ route }) => `${route.method} ${route.path}`).sort(),
    );
    for (const { spec, route } of writes) {
      const limit = spec.signing ? settings().routeThrottles.signing : settings().routeThrottles.writes;
      expect(routeSettings[`${route.method} ${route.path}`]).toEqual({
        ThrottlingRateLimit: limit.rateLimit,
        ThrottlingBurstLimit: limit.burstLimit,
      });
    }
    // Route settings may only name routes that exist: the stage waits for every write route.
    const dependsOn = stage.DependsOn as string[];
    const routeIds = Object.entries(template.findResources("AWS::ApiGatewayV2::Route"))
      .filter(([, route]) => ((route as Resource).Properties.RouteKey as string) in routeSettings)
      .map(([id]) => id);
    for (const id of routeIds) expect(dependsOn).toContain(id);
  });

  it("caps the table's on-demand throughput and names its hot keys (Contributor Insights on table and indexes)", () => {
    const { template } = own(name);
    const table = Object.values(template.findResources("AWS::DynamoDB::Table"))[0] as Resource;
    expect(table.Properties).toMatchObject({
      OnDemandThroughput: {
        MaxReadRequestUnits: settings().quotas.tableMaxReadRequestUnits,
        MaxWriteRequestUnits: settings().quotas.tableMaxWriteRequestUnits,
      },
      ContributorInsightsSpecification: { Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    const indexes = table.Properties.GlobalSecondaryIndexes as Record<string, unknown>[];
    expect(indexes).toHaveLength(tableDefinition.indexes.length);
    for (const index of indexes) expect(index.ContributorInsightsSpecification).toEqual({ Enabled: true });
  });

  it("encrypts the table with a customer-managed key exactly when the stage asks", () => {
    const { stack, template } = own(name);
    const table = Object.values(template.findResources("AWS::DynamoDB::Table"))[0] as Resource;
    if (settings().customerManagedKey) {
      expect(stack.encryptionKey).toBeDefined();
      expect(table.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: "KMS",
        KMSMasterKeyId: { "Fn::GetAtt": [logicalIdOf(stack, stack.encryptionKey as never), "Arn"] },
      });
    } else {
      expect(stack.encryptionKey).toBeUndefined();
      expect(table.Properties.SSESpecification).toBeUndefined();
    }
  });

  it("has an alarm topic with the stage's email subscriptions", () => {
    const { stack, template } = own(name);
    const topicId = logicalIdOf(stack, stack.alarmTopic);
    const subscriptions = Object.values(template.findResources("AWS::SNS::Subscription")).map(
      (s) => (s as Resource).Properties,
    );
    expect(subscriptions.map((s) => s.Endpoint).sort()).toEqual([...settings().alarmEmails].sort());
    for (const subscription of subscriptions) {
      expect(subscription).toMatchObject({ Protocol: "email", TopicArn: { Ref: topicId } });
    }
  });

  it("has the CloudFront alarm in its own us-east-1 stack, on the service's distribution, for the stage's recipients", () => {
    const { stack } = own(name);
    const edge = builtOf(name).edgeAlarms.at(-1);
    if (settings().region === "us-east-1") {
      expect(edge).toBeUndefined();
      return;
    }
    expect(edge?.region).toBe("us-east-1");
    expect(edge?.stackName).toBe(`Petitions-${name}-edge-alarms`);
    const template = Template.fromStack(edge as Stack);
    // The CloudFront alarm, and one on the queue of alarm emails SNS could not deliver.
    template.resourceCountIs("AWS::CloudWatch::Alarm", 2);
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      AlarmActions: [Match.anyValue()],
      AlarmDescription: Match.stringLikeRegexp("docs/runbooks/dead-letters\\.md"),
    });
    for (const subscription of Object.values(template.findResources("AWS::SNS::Subscription")))
      expect((subscription as Resource).Properties.RedrivePolicy).toBeDefined();
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/CloudFront",
      MetricName: "5xxErrorRate",
      Dimensions: Match.arrayWith([
        {
          Name: "DistributionId",
          Value: {
            "Fn::GetStackOutput": Match.objectLike({ StackName: stack.stackName, Region: stack.region }),
          },
        },
      ]),
      AlarmActions: [Match.anyValue()],
      OKActions: [Match.anyValue()],
      AlarmDescription: Match.stringLikeRegexp("docs/runbooks/cloudfront-5xx\\.md"),
    });
    const endpoints = Object.values(template.findResources("AWS::SNS::Subscription")).map(
      (s) => (s as Resource).Properties.Endpoint,
    );
    expect(endpoints.sort()).toEqual([...settings().alarmEmails].sort());
  });

  it("has a monthly budget that alerts the alarm topic at 50, 80 and 100 %", () => {
    const { stack, template } = own(name);
    const topicId = logicalIdOf(stack, stack.alarmTopic);
    template.resourceCountIs("AWS::Budgets::Budget", 1);
    const budget = (Object.values(template.findResources("AWS::Budgets::Budget"))[0] as Resource).Properties;
    expect(budget.Budget).toMatchObject({
      BudgetType: "COST",
      TimeUnit: "MONTHLY",
      BudgetLimit: { Amount: settings().monthlyBudgetUsd, Unit: "USD" },
    });
    const notifications = budget.NotificationsWithSubscribers as {
      Notification: Record<string, unknown>;
      Subscribers: unknown[];
    }[];
    expect(notifications.map((n) => n.Notification.Threshold)).toEqual([...BUDGET_ALERT_PERCENTAGES]);
    expect([...BUDGET_ALERT_PERCENTAGES]).toEqual([50, 80, 100]);
    for (const { Notification, Subscribers } of notifications) {
      expect(Notification).toMatchObject({ NotificationType: "ACTUAL", ThresholdType: "PERCENTAGE" });
      expect(Subscribers).toEqual([{ SubscriptionType: "SNS", Address: { Ref: topicId } }]);
    }
    // AWS Budgets may publish to the topic.
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: "sns:Publish", Principal: { Service: "budgets.amazonaws.com" } }),
        ]),
      },
    });
  });

  it("backs the table up daily into a retained vault, kept for the stage's retention", () => {
    const { stack, template } = own(name);
    template.resourceCountIs("AWS::Backup::BackupPlan", 1);
    template.hasResourceProperties("AWS::Backup::BackupPlan", {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: "cron(0 3 * * ? *)",
            Lifecycle: { DeleteAfterDays: settings().backupRetentionDays },
          }),
        ],
      },
    });
    template.hasResourceProperties("AWS::Backup::BackupSelection", {
      BackupSelection: Match.objectLike({
        Resources: [{ "Fn::GetAtt": [logicalIdOf(stack, stack.table), "Arn"] }],
      }),
    });
    template.hasResource("AWS::Backup::BackupVault", { DeletionPolicy: "Retain" });
  });

  it("releases each canary entry through its alias with CodeDeploy, rolled back on the alias's error alarm", () => {
    const { stack, template } = own(name);
    const canaries = topology.filter((spec) => spec.canary);
    expect(canaries.length).toBeGreaterThan(0);
    template.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", canaries.length);
    const configName =
      settings().deployment === "ALL_AT_ONCE"
        ? "CodeDeployDefault.LambdaAllAtOnce"
        : "CodeDeployDefault.LambdaCanary10Percent5Minutes";
    for (const spec of canaries) {
      const release = stack.canaries.get(spec.name);
      expect(release, spec.name).toBeDefined();
      if (release === undefined) continue;
      const aliasId = logicalIdOf(stack, release.alias);
      const alarmId = logicalIdOf(stack, release.errorAlarm);
      const groupId = logicalIdOf(stack, release.deploymentGroup);
      const alias = template.findResources("AWS::Lambda::Alias")[aliasId] as Resource;
      expect(alias.Properties.FunctionName).toEqual({
        Ref: logicalIdOf(stack, stack.functions.get(spec.name) as never),
      });
      expect(alias.UpdatePolicy).toMatchObject({
        CodeDeployLambdaAliasUpdate: { DeploymentGroupName: { Ref: groupId } },
      });
      expect(
        (template.findResources("AWS::CodeDeploy::DeploymentGroup")[groupId] as Resource).Properties,
      ).toMatchObject({
        DeploymentConfigName: configName,
        AlarmConfiguration: { Enabled: true, Alarms: [{ Name: { Ref: alarmId } }] },
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: expect.arrayContaining(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]),
        },
      });
      const alarm = (template.findResources("AWS::CloudWatch::Alarm")[alarmId] as Resource).Properties;
      expect(alarm).toMatchObject({
        MetricName: "Errors",
        Namespace: "AWS/Lambda",
        AlarmActions: [{ Ref: logicalIdOf(stack, stack.alarmTopic) }],
        OKActions: [{ Ref: logicalIdOf(stack, stack.alarmTopic) }],
      });
      // Its description names a runbook that exists.
      expect(alarm.AlarmDescription).toContain(CANARY_RUNBOOK);
      expect(existsSync(resolve(projectRoot, CANARY_RUNBOOK)), CANARY_RUNBOOK).toBe(true);
      // The alias's own errors: the Resource dimension is "<function>:live".
      expect(alarm.Dimensions).toContainEqual({
        Name: "Resource",
        Value: {
          "Fn::Join": ["", [{ Ref: logicalIdOf(stack, stack.functions.get(spec.name) as never) }, ":live"]],
        },
      });
      // Every route and the stream mapping of the entry invoke the alias, never the bare function.
      const fnId = logicalIdOf(stack, stack.functions.get(spec.name) as never);
      for (const integration of Object.values(template.findResources("AWS::ApiGatewayV2::Integration"))) {
        expect(JSON.stringify((integration as Resource).Properties.IntegrationUri)).not.toContain(
          `"${fnId}"`,
        );
      }
      for (const mapping of Object.values(template.findResources("AWS::Lambda::EventSourceMapping"))) {
        expect(JSON.stringify((mapping as Resource).Properties.FunctionName)).not.toContain(`"${fnId}"`);
      }
    }
  });
});

describe("the pipeline", () => {
  type Action = { Name: string; RunOrder: number; ActionTypeId: { Category: string; Provider: string } };
  type PipelineStage = { Name: string; Actions: Action[] };

  const stagesOf = (name: StageName) => {
    const pipeline = Object.values(
      builtOf(name).pipeline.findResources("AWS::CodePipeline::Pipeline"),
    )[0] as Resource;
    return pipeline.Properties.Stages as PipelineStage[];
  };
  const buildSpecs = (name: StageName) =>
    Object.values(builtOf(name).pipeline.findResources("AWS::CodeBuild::Project")).map((project) =>
      JSON.stringify(((project as Resource).Properties.Source as { BuildSpec: unknown }).BuildSpec),
    );

  it.each(STAGE_NAMES)("%s: reads the stage's repository through its connection", (name) => {
    const source = stagesOf(name)[0] as PipelineStage;
    expect(source.Actions[0]?.ActionTypeId).toMatchObject({
      Category: "Source",
      Provider: "CodeStarSourceConnection",
    });
    builtOf(name).pipeline.hasResourceProperties("AWS::CodePipeline::Pipeline", {
      Stages: Match.arrayWith([
        Match.objectLike({
          Actions: [
            Match.objectLike({
              Configuration: Match.objectLike({
                ConnectionArn: filledIn[name].pipeline.connectionArn,
                FullRepositoryId: filledIn[name].pipeline.repository,
                BranchName: filledIn[name].pipeline.branch,
              }),
            }),
          ],
        }),
      ]),
    });
  });

  it.each(STAGE_NAMES)("%s: synthesises this stage and runs the tests", (name) => {
    const specs = buildSpecs(name);
    expect(specs.some((spec) => spec.includes(`npx cdk synth -q -c stage=${name}`))).toBe(true);
    expect(specs.some((spec) => spec.includes("npm ci") && spec.includes("npm test"))).toBe(true);
  });

  it("for prod: deploys staging after the tests and a diff, then prod after a diff and a person's approval", () => {
    const pipelineStages = stagesOf("prod");
    const names = pipelineStages.map((stage) => stage.Name);
    expect(names.indexOf("staging")).toBeGreaterThan(names.indexOf("Build"));
    expect(names.indexOf("prod")).toBeGreaterThan(names.indexOf("staging"));

    const runOrder = (stage: PipelineStage, match: (action: Action) => boolean) => {
      const action = stage.Actions.find(match);
      expect(action, `${stage.Name}: ${match}`).toBeDefined();
      return (action as Action).RunOrder;
    };
    const deploy = (stage: PipelineStage) =>
      Math.min(
        ...stage.Actions.filter((action) => action.ActionTypeId.Provider === "CloudFormation").map(
          (a) => a.RunOrder,
        ),
      );

    const staging = pipelineStages.find((stage) => stage.Name === "staging") as PipelineStage;
    const test = runOrder(staging, (action) => action.Name === "Test");
    const stagingDiff = runOrder(staging, (action) => action.Name === "Diff-staging");
    expect(stagingDiff).toBeGreaterThan(test);
    expect(deploy(staging)).toBeGreaterThan(stagingDiff);
    expect(staging.Actions.some((action) => action.ActionTypeId.Category === "Approval")).toBe(false);

    const prod = pipelineStages.find((stage) => stage.Name === "prod") as PipelineStage;
    const prodDiff = runOrder(prod, (action) => action.Name === "Diff-prod");
    const approval = runOrder(prod, (action) => action.ActionTypeId.Category === "Approval");
    expect(approval).toBeGreaterThan(prodDiff);
    expect(deploy(prod)).toBeGreaterThan(approval);

    const specs = buildSpecs("prod");
    expect(specs.some((spec) => spec.includes("cdk diff -c stage=prod 'staging/*'"))).toBe(true);
    expect(specs.some((spec) => spec.includes("cdk diff -c stage=prod 'prod/*'"))).toBe(true);
  });

  it.each(STAGE_NAMES.filter((name) => stages[name].promotesFrom.length === 0))(
    "%s: deploys only this stage, with no approval",
    (name) => {
      const pipelineStages = stagesOf(name);
      const deployed = pipelineStages.filter((stage) =>
        (STAGE_NAMES as readonly string[]).includes(stage.Name),
      );
      expect(deployed.map((stage) => stage.Name)).toEqual([name]);
      for (const stage of pipelineStages) {
        expect(stage.Actions.some((action) => action.ActionTypeId.Category === "Approval")).toBe(false);
      }
    },
  );
});
