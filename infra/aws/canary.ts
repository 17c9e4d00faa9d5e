/**
 * A function that deploys through an alias: each new version takes a share of the traffic first
 * (CodeDeploy, the stage's deployment configuration) and is rolled back if the alias's error
 * alarm fires. Routes and stream mappings must target `alias`, never the function.
 */
import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { LambdaDeploymentConfig, LambdaDeploymentGroup } from "aws-cdk-lib/aws-codedeploy";
import { Alias, type Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { StageSettings } from "./stages.ts";

export const LIVE_ALIAS = "live";
/** What an operator does when a canary's error alarm fires. */
export const CANARY_RUNBOOK = "docs/runbooks/canary-errors.md";

export interface CanaryReleaseProps {
  fn: LambdaFunction;
  deployment: StageSettings["deployment"];
  alarmTopic: ITopic;
}

export class CanaryRelease extends Construct {
  readonly alias: Alias;
  readonly errorAlarm: Alarm;
  readonly deploymentGroup: LambdaDeploymentGroup;

  constructor(scope: Construct, id: string, props: CanaryReleaseProps) {
    super(scope, id);
    const { fn } = props;
    this.alias = new Alias(this, "Alias", { aliasName: LIVE_ALIAS, version: fn.currentVersion });
    this.errorAlarm = new Alarm(this, "Errors", {
      alarmDescription: `${fn.node.id}: the live alias reports errors; a deployment in progress rolls back. Runbook: ${CANARY_RUNBOOK}`,
      metric: this.alias.metricErrors({ period: Duration.minutes(1), statistic: "Sum" }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
    this.errorAlarm.addOkAction(new SnsAction(props.alarmTopic));
    this.deploymentGroup = new LambdaDeploymentGroup(this, "Deployment", {
      alias: this.alias,
      deploymentConfig: LambdaDeploymentConfig[props.deployment],
      alarms: [this.errorAlarm],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
  }
}
