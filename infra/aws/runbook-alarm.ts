/**
 * An alarm as every alarm of the service is built: its description says what it means and links
 * to its runbook in docs/runbooks/, and it notifies the stage's topic on ALARM and on OK.
 */
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

export interface RunbookAlarmProps {
  metric: IMetric;
  threshold: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  comparisonOperator?: ComparisonOperator;
  /** Missing data is not breaching unless said otherwise: most of these metrics are only written on trouble. */
  treatMissingData?: TreatMissingData;
  /** File name under docs/runbooks/, without `.md`. */
  runbook: string;
  /** One line: what it means. */
  summary: string;
}

/** Where runbook links start: the repository URL with a trailing slash, or nothing (a relative path). */
export const runbookBase = (runbookBaseUrl: string | undefined) =>
  runbookBaseUrl ? `${runbookBaseUrl.replace(/\/$/, "")}/` : "";

/** Makes `alarm` notify `topic` on ALARM and on OK. */
export function notifyTopic(alarm: Alarm, topic: ITopic): void {
  const action = new SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
}

/** The alarm, without its notifications (`notifyTopic`); `base` from runbookBase(). */
export function runbookAlarm(scope: Construct, id: string, props: RunbookAlarmProps, base: string): Alarm {
  return new Alarm(scope, id, {
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    ...(props.datapointsToAlarm ? { datapointsToAlarm: props.datapointsToAlarm } : {}),
    comparisonOperator: props.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: props.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    alarmDescription: `${props.summary} Runbook: ${base}docs/runbooks/${props.runbook}.md`,
  });
}
