/**
 * The stage's alarms by area: function groups, stream consumers, the shared resources (dead-letter
 * queue, API, table, SES), and what the functions report themselves. Each alarm is added through
 * `add` (Monitoring.addAlarm), which links its runbook and notifies the stage's topic.
 */
import { Duration } from "aws-cdk-lib";
import {
  type Alarm,
  ComparisonOperator,
  MathExpression,
  type MetricOptions,
} from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { FUNCTION_GROUPS, type FunctionGroup, type GroupMember } from "./function-groups.ts";
import * as metrics from "./monitoring-metrics.ts";
import type { RunbookAlarmProps } from "./runbook-alarm.ts";

/** The alarms' thresholds, in one place (docs/runbooks/README.md lists them). */
export const THRESHOLDS = {
  /** Unhandled invocation errors of one function group in 5 minutes. */
  lambdaErrors: 5,
  /** Throttled invocations of one function group in 5 minutes. */
  lambdaThrottles: 1,
  /** Oldest record a stream consumer has yet to read, held for 5 minutes. */
  iteratorAgeSeconds: 300,
  /** Messages waiting in the dead-letter queue. */
  deadLetters: 1,
  /** Share of API requests answered 5xx, percent, over 5 minutes (3 periods running). */
  api5xxPercent: 1,
  /** Fewer requests than this in 5 minutes never make a 5xx rate. */
  api5xxMinRequests: 20,
  /** API p99 latency, milliseconds, over 5 minutes (3 periods running). */
  apiP99Ms: 2_000,
  /** SES account bounce rate (a ratio): AWS reviews accounts from 5 %. */
  sesBounceRate: 0.02,
  /** SES account complaint rate (a ratio): AWS reviews accounts from 0.1 %. */
  sesComplaintRate: 0.0005,
  /** CloudFront share of 5xx answers, percent, over 5 minutes (3 periods running). */
  cloudFront5xxPercent: 1,
  /** Emails SES refused or that failed, in 5 minutes. */
  emailsFailed: 10,
} as const;

export type AddAlarm = (id: string, props: RunbookAlarmProps) => Alarm;

/** What a function group's alarms count: their metric, threshold, runbook and what it means. */
const FUNCTION_ALARMS = [
  {
    kind: "Errors",
    metric: (fn: IFunction, options: MetricOptions) => fn.metricErrors(options),
    threshold: THRESHOLDS.lambdaErrors,
    runbook: "lambda-errors",
    means: "failed with unhandled errors or timeouts",
  },
  {
    kind: "Throttles",
    metric: (fn: IFunction, options: MetricOptions) => fn.metricThrottles(options),
    threshold: THRESHOLDS.lambdaThrottles,
    runbook: "lambda-throttles",
    means: "were throttled: concurrency ran out",
  },
] as const;

/** Errors and throttles per function group, summed (in alarms of at most 10 functions each). */
export function functionAlarms(add: AddAlarm, groups: Map<FunctionGroup, GroupMember[]>): void {
  for (const [group, members] of groups) {
    const name = group[0]?.toUpperCase() + group.slice(1);
    for (let start = 0, part = 1; start < members.length; start += metrics.METRICS_PER_ALARM, part++) {
      const chunk = members.slice(start, start + metrics.METRICS_PER_ALARM);
      const suffix = members.length > metrics.METRICS_PER_ALARM ? String(part) : "";
      const names = chunk.map((m) => m.spec.name).join(", ");
      for (const alarm of FUNCTION_ALARMS) {
        add(`${name}${alarm.kind}${suffix}`, {
          metric: metrics.sumOf(
            chunk.map((m) => alarm.metric(m.fn, { period: Duration.minutes(5), statistic: "Sum" })),
            `${FUNCTION_GROUPS[group]}: ${alarm.kind.toLowerCase()}`,
          ),
          threshold: alarm.threshold,
          runbook: alarm.runbook,
          summary: `Invocations of the ${FUNCTION_GROUPS[group]} (${names}) ${alarm.means}.`.slice(0, 700),
        });
      }
    }
  }
}

/** Iterator age of every stream consumer (the counter and the mail consumers among them). */
export function streamAlarms(add: AddAlarm, { specs, functions }: metrics.MonitoredResources): void {
  for (const spec of specs) {
    const fn = functions.get(spec.name);
    if (!spec.stream || !fn) continue;
    add(`${spec.name}IteratorAge`, {
      metric: metrics.iteratorAge(fn, Duration.minutes(1)),
      threshold: THRESHOLDS.iteratorAgeSeconds * 1000,
      evaluationPeriods: 5,
      runbook: "stream-iterator-age",
      summary: `${spec.name} is more than ${THRESHOLDS.iteratorAgeSeconds / 60} minutes behind the table's stream: ${spec.description}.`,
    });
  }
}

/** The shared resources: the dead-letter queue, the API, the table and SES's account reputation. */
export function resourceAlarms(add: AddAlarm, props: metrics.MonitoredResources): void {
  add("DeadLetters", {
    metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: "Maximum",
    }),
    threshold: THRESHOLDS.deadLetters,
    runbook: "dead-letters",
    summary: "Stream records or scheduled runs were parked in the dead-letter queue after their retries.",
  });
  const api = props.httpApi.api;
  add("Api5xxRate", {
    metric: new MathExpression({
      expression: `IF(requests >= ${THRESHOLDS.api5xxMinRequests}, 100 * errors / requests, 0)`,
      usingMetrics: {
        errors: api.metricServerError({ period: Duration.minutes(5), statistic: "Sum" }),
        requests: api.metricCount({ period: Duration.minutes(5), statistic: "Sum" }),
      },
      label: "API 5xx %",
      period: Duration.minutes(5),
    }),
    threshold: THRESHOLDS.api5xxPercent,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    runbook: "api-5xx",
    summary: `More than ${THRESHOLDS.api5xxPercent} % of API requests were answered with a 5xx for 15 minutes.`,
  });
  add("ApiLatencyP99", {
    metric: api.metricLatency({ period: Duration.minutes(5), statistic: "p99" }),
    threshold: THRESHOLDS.apiP99Ms,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    runbook: "api-latency",
    summary: `The API's p99 latency was above ${THRESHOLDS.apiP99Ms} ms for 15 minutes.`,
  });
  add("TableThrottles", {
    metric: props.table.metricThrottledRequestsForOperations({
      operations: metrics.TABLE_OPERATIONS,
      period: Duration.minutes(5),
    }),
    threshold: 1,
    runbook: "dynamodb-throttles",
    summary: "DynamoDB throttled requests to the table (a hot partition, or the on-demand maximum).",
  });
  add("TableSystemErrors", {
    metric: props.table.metricSystemErrorsForOperations({
      operations: metrics.TABLE_OPERATIONS,
      period: Duration.minutes(5),
    }),
    threshold: 1,
    runbook: "dynamodb-system-errors",
    summary: "DynamoDB answered requests to the table with internal errors (HTTP 500).",
  });
  add("SesBounceRate", {
    metric: metrics.sesReputation("Reputation.BounceRate"),
    threshold: THRESHOLDS.sesBounceRate,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    runbook: "ses-bounce-rate",
    summary: `The SES account's bounce rate is above ${THRESHOLDS.sesBounceRate * 100} % (AWS reviews the account at 5 %, and may pause sending at 10 %).`,
  });
  add("SesComplaintRate", {
    metric: metrics.sesReputation("Reputation.ComplaintRate"),
    threshold: THRESHOLDS.sesComplaintRate,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    runbook: "ses-complaint-rate",
    summary: `The SES account's complaint rate is above ${THRESHOLDS.sesComplaintRate * 100} % (AWS reviews the account at 0.1 %, and may pause sending at 0.5 %).`,
  });
}

/** Alarms on what the functions report themselves (the registry's metrics). */
export function serviceAlarms(add: AddAlarm): void {
  add("MailJobStalled", {
    metric: metrics.serviceMetric("MailJobStalled"),
    threshold: 1,
    runbook: "mail-job-stalled",
    summary: "A running mass-mail job has sent nothing for 15 minutes.",
  });
  add("CountDrift", {
    metric: metrics.serviceMetric("CountDriftCorrected", { period: Duration.hours(1) }),
    threshold: 1,
    runbook: "count-drift",
    summary:
      "The count reconciliation found a petition whose stored count differed from its signatures, and corrected it.",
  });
  add("CounterBatchFailed", {
    metric: metrics.serviceMetric("CounterBatchFailed"),
    threshold: 1,
    runbook: "counter-batch-failed",
    summary: "A counter batch still failed after its retries; its petitions are being recounted.",
  });
  add("EmailsFailed", {
    metric: metrics.serviceMetric("EmailFailed"),
    threshold: THRESHOLDS.emailsFailed,
    runbook: "emails-failed",
    summary: `SES refused or failed ${THRESHOLDS.emailsFailed} or more emails in 5 minutes.`,
  });
  add("OutboxSwept", {
    metric: metrics.serviceMetric("OutboxSwept", { period: Duration.hours(1) }),
    threshold: 1,
    runbook: "outbox-swept",
    summary: "The outbox sweeper sent emails the stream consumer had not sent in time.",
  });
  add("TrendingSourceNotified", {
    metric: metrics.serviceMetric("TrendingSourceNotified"),
    threshold: 1,
    runbook: "trending-source",
    summary:
      "Many confirmed signatures on one petition came from one IP or email domain within an hour (TRENDING_NOTIFY_THRESHOLD).",
  });
}

/** The CloudFront 5xx alarm; it must live in us-east-1, where CloudFront's metrics are. */
export function cloudFront5xxAlarm(distributionId: string): RunbookAlarmProps {
  return {
    metric: metrics.cloudFrontMetric(distributionId, "5xxErrorRate"),
    threshold: THRESHOLDS.cloudFront5xxPercent,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    runbook: "cloudfront-5xx",
    summary: `More than ${THRESHOLDS.cloudFront5xxPercent} % of CloudFront's answers were 5xx for 15 minutes.`,
  };
}
