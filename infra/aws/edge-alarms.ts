/**
 * The CloudFront alarm for a stage deployed outside us-east-1: an alarm reads only its own
 * Region's metrics and can notify only a topic in its Region, and CloudFront's metrics are in
 * us-east-1, so this small stack there has its own encrypted topic with the same subscribers.
 */
import { Stack, type StackProps } from "aws-cdk-lib";
import type { Alarm } from "aws-cdk-lib/aws-cloudwatch";
import type { Topic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { alarmTopic } from "./alarm-topic.ts";
import { cloudFront5xxAlarm } from "./monitoring-alarms.ts";
import { notifyTopic, runbookAlarm, runbookBase } from "./runbook-alarm.ts";

export interface EdgeAlarmsProps extends StackProps {
  alarmEmails: readonly string[];
  /** The distribution's id (the main stack's `DistributionId` output). */
  distributionId: string;
  runbookBaseUrl?: string;
}

export class EdgeAlarmsStack extends Stack {
  readonly topic: Topic;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: EdgeAlarmsProps) {
    super(scope, id, { ...props, env: { ...props.env, region: "us-east-1" } });
    this.topic = alarmTopic(this, props.alarmEmails);
    const spec = cloudFront5xxAlarm(props.distributionId);
    this.alarm = runbookAlarm(this, "CloudFront5xx", spec, runbookBase(props.runbookBaseUrl));
    notifyTopic(this.alarm, this.topic);
  }
}
