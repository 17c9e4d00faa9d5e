/**
 * What an operator watches: one SNS topic per stage that every alarm notifies (on alarm and on
 * recovery), the alarms, each linking to its runbook in docs/runbooks/, and one dashboard. The
 * service's own figures come from the metric registry (shared/metrics.ts), which the functions
 * write as EMF; function groups come from the topology, so nothing here names a function.
 *
 * The parts: the topic (alarm-topic.ts), the metrics read (monitoring-metrics.ts), the alarms by
 * area with their thresholds (monitoring-alarms.ts), the runbook link and notifications of every
 * alarm (runbook-alarm.ts), the dashboard (monitoring-dashboard.ts), and the us-east-1 CloudFront
 * alarm of a stage elsewhere (edge-alarms.ts).
 */
import { Stack } from "aws-cdk-lib";
import type { Alarm, Dashboard } from "aws-cdk-lib/aws-cloudwatch";
import type { Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { groupFunctions } from "./function-groups.ts";
import {
  cloudFront5xxAlarm,
  functionAlarms,
  resourceAlarms,
  serviceAlarms,
  streamAlarms,
} from "./monitoring-alarms.ts";
import { buildDashboard } from "./monitoring-dashboard.ts";
import type { MonitoredResources } from "./monitoring-metrics.ts";
import { notifyTopic, type RunbookAlarmProps, runbookAlarm, runbookBase } from "./runbook-alarm.ts";

export { alarmTopic } from "./alarm-topic.ts";
export { EdgeAlarmsStack } from "./edge-alarms.ts";
export { FUNCTION_GROUPS, type FunctionGroup, groupOf } from "./function-groups.ts";
export { cloudFront5xxAlarm, THRESHOLDS } from "./monitoring-alarms.ts";
export { cloudFrontMetric, serviceMetric } from "./monitoring-metrics.ts";
export type { RunbookAlarmProps } from "./runbook-alarm.ts";

export interface MonitoringProps extends MonitoredResources {
  /** The stage's alarm topic (alarmTopic()): every alarm notifies it, alarm and OK. */
  topic: Topic;
  /** Where the runbooks are read, e.g. `https://github.com/org/petitions/blob/main`; relative when absent. */
  runbookBaseUrl?: string;
}

export class Monitoring extends Construct {
  /** The stage's alarm topic: alarms, and the budget's notifications, go here. */
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly runbookBase: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.runbookBase = runbookBase(props.runbookBaseUrl);
    this.topic = props.topic;

    const add = (alarmId: string, alarm: RunbookAlarmProps) => this.addAlarm(alarmId, alarm);
    const groups = groupFunctions(props.specs, props.functions);
    functionAlarms(add, groups);
    streamAlarms(add, props);
    resourceAlarms(add, props);
    serviceAlarms(add);
    if (Stack.of(this).region === "us-east-1") {
      // Only here: an alarm reads metrics of its own region, and CloudFront's are in us-east-1.
      this.addAlarm("CloudFront5xx", cloudFront5xxAlarm(props.distributionId));
    }
    this.dashboard = buildDashboard(this, props, groups, this.alarms);
  }

  /** An alarm that notifies the topic on ALARM and on OK, its description linking to its runbook. */
  addAlarm(id: string, props: RunbookAlarmProps): Alarm {
    const alarm = runbookAlarm(this, id, props, this.runbookBase);
    this.notify(alarm);
    return alarm;
  }

  /** Makes an alarm built elsewhere notify the stage's topic, on ALARM and on OK. */
  notify(alarm: Alarm): void {
    notifyTopic(alarm, this.topic);
    this.alarms.push(alarm);
  }
}
