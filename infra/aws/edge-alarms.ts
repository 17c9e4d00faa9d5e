/**
 * The CloudFront alarm for a stage deployed outside us-east-1: an alarm reads only its own
 * Region's metrics and can notify only a topic in its Region, and CloudFront's metrics are in
 * us-east-1, so this small stack there has its own encrypted topic with the same subscribers.
 */
import { Duration, Stack, type StackProps } from "aws-cdk-lib";
import type { Alarm } from "aws-cdk-lib/aws-cloudwatch";
import type { Topic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { alarmTopic } from "./alarm-topic.ts";
import { cloudFront5xxAlarm } from "./monitoring-alarms.ts";
import { acknowledgeFinalQueue } from "./petitions-nag.ts";
import { serviceQueue } from "./queues.ts";
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
  readonly undeliveredAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EdgeAlarmsProps) {
    super(scope, id, { ...props, env: { ...props.env, region: "us-east-1" } });
    // An alarm email SNS could not deliver is kept here, and raises its own alarm.
    const undelivered = serviceQueue(this, "UndeliveredAlarmEmails");
    acknowledgeFinalQueue(
      undelivered,
      "It is where undeliverable alarm emails end; nothing reads it but people.",
    );
    this.topic = alarmTopic(this, props.alarmEmails, undelivered);
    const base = runbookBase(props.runbookBaseUrl);
    this.alarm = runbookAlarm(this, "CloudFront5xx", cloudFront5xxAlarm(props.distributionId), base);
    this.undeliveredAlarm = runbookAlarm(
      this,
      "UndeliveredAlarms",
      {
        metric: undelivered.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        threshold: 1,
        runbook: "dead-letters",
        summary: "An alarm email from the CloudFront alarm's topic could not be delivered.",
      },
      base,
    );
    for (const alarm of [this.alarm, this.undeliveredAlarm]) notifyTopic(alarm, this.topic);
  }
}
