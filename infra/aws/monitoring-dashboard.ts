/**
 * The stage's one dashboard: signatures, emails, recovery, the API, latency and errors by route,
 * streams, throttles, the table, CloudFront and every alarm's state. It reads the registry's
 * metrics (shared/metrics.ts) and groups functions by the topology, naming none.
 */
import { Duration } from "aws-cdk-lib";
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import type { MetricName } from "../../shared/metrics.ts";
import { FUNCTION_GROUPS, type FunctionGroup, type GroupMember } from "./function-groups.ts";
import { THRESHOLDS } from "./monitoring-alarms.ts";
import {
  cloudFrontMetric,
  iteratorAge,
  METRICS_PER_ALARM,
  type MonitoredResources,
  serviceMetric,
  sesReputation,
  sumOf,
  TABLE_OPERATIONS,
} from "./monitoring-metrics.ts";

export function buildDashboard(
  scope: Construct,
  props: MonitoredResources,
  groups: Map<FunctionGroup, GroupMember[]>,
  alarms: Alarm[],
): Dashboard {
  const minute = Duration.minutes(1);
  const perMinute = (name: MetricName) => serviceMetric(name, { period: minute, label: name });
  const streams = props.specs.filter((s) => s.stream && props.functions.has(s.name));
  const httpFunctions = [...(groups.get("routes") ?? []), ...(groups.get("pages") ?? [])];
  const perRoute = (title: string, metric: (fn: IFunction, label: string) => IMetric) =>
    new GraphWidget({
      title,
      left: httpFunctions.map(({ spec, fn }) => metric(fn, spec.name)),
      width: 12,
      height: 8,
    });
  const api = props.httpApi.api;
  const dashboard = new Dashboard(scope, "Dashboard", { defaultInterval: Duration.hours(3) });
  dashboard.addWidgets(
    new TextWidget({
      markdown:
        "# Petitions\nSignatures, email, counting, the API, streams, the table and SES. Each alarm's runbook is in `docs/runbooks/`.",
      width: 24,
      height: 2,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "Signatures per minute",
      left: [
        perMinute("SignatureAccepted"),
        perMinute("SignatureShadowBanned"),
        perMinute("SignatureConfirmed"),
      ],
      width: 12,
    }),
    new GraphWidget({
      title: "Count lag: confirmation to count (seconds)",
      left: [
        serviceMetric("CountLagSeconds", { period: minute, statistic: "p50", label: "p50" }),
        serviceMetric("CountLagSeconds", { period: minute, statistic: "p99", label: "p99" }),
      ],
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "Emails (per 5 minutes)",
      left: (
        [
          "EmailSent",
          "EmailFailed",
          "EmailWithheld",
          "EmailBounced",
          "EmailComplained",
          "EmailDelayed",
          "EmailRejected",
        ] as const
      ).map((name) => serviceMetric(name, { label: name })),
      width: 12,
    }),
    new GraphWidget({
      title: "SES reputation (account)",
      left: [sesReputation("Reputation.BounceRate"), sesReputation("Reputation.ComplaintRate")],
      leftAnnotations: [
        { value: THRESHOLDS.sesBounceRate, label: "bounce alarm" },
        { value: THRESHOLDS.sesComplaintRate, label: "complaint alarm" },
      ],
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title:
        "Recovery: stalled jobs, failed counter and mail batches, drift corrected, outbox swept; trending sources notified",
      left: (
        [
          "MailJobStalled",
          "CounterBatchFailed",
          "MailBatchFailed",
          "CountDriftCorrected",
          "OutboxSwept",
          "TrendingSourceNotified",
        ] as const
      ).map((name) => serviceMetric(name, { label: name })),
      width: 12,
    }),
    new GraphWidget({
      title: "Dead-letter queue: messages waiting",
      left: [
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: "Maximum",
          period: minute,
        }),
      ],
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "API: requests, 4xx, 5xx",
      left: [
        api.metricCount({ period: minute, statistic: "Sum" }),
        api.metricClientError({ period: minute, statistic: "Sum" }),
        api.metricServerError({ period: minute, statistic: "Sum" }),
      ],
      width: 12,
    }),
    new GraphWidget({
      title: "API latency (ms)",
      left: [
        api.metricLatency({ period: minute, statistic: "p50", label: "p50" }),
        api.metricLatency({ period: minute, statistic: "p99", label: "p99" }),
        api.metricIntegrationLatency({ period: minute, statistic: "p99", label: "integration p99" }),
      ],
      width: 12,
    }),
  );
  dashboard.addWidgets(
    perRoute("Latency by route: p99 duration of each route's function (ms)", (fn, label) =>
      fn.metricDuration({ period: minute, statistic: "p99", label }),
    ),
    perRoute("Errors by route: unhandled errors of each route's function", (fn, label) =>
      fn.metricErrors({ period: minute, statistic: "Sum", label }),
    ),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "Stream iterator age (ms, maximum)",
      left: streams.map((spec) =>
        iteratorAge(props.functions.get(spec.name) as IFunction, minute).with({ label: spec.name }),
      ),
      width: 12,
    }),
    new GraphWidget({
      title: "Throttles by function group",
      left: [...groups].map(([group, members]) =>
        sumOf(
          members
            .slice(0, METRICS_PER_ALARM)
            .map((m) => m.fn.metricThrottles({ period: minute, statistic: "Sum" })),
          FUNCTION_GROUPS[group],
          minute,
          group,
        ),
      ),
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "DynamoDB consumed capacity (units per minute)",
      left: [
        props.table.metricConsumedReadCapacityUnits({ period: minute, statistic: "Sum", label: "read" }),
        props.table.metricConsumedWriteCapacityUnits({ period: minute, statistic: "Sum", label: "write" }),
      ],
      width: 8,
    }),
    // One expression per graph: both name their operations' metrics alike.
    new GraphWidget({
      title: "DynamoDB throttled requests",
      left: [
        props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: minute }),
      ],
      width: 8,
    }),
    new GraphWidget({
      title: "DynamoDB system errors",
      left: [props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: minute })],
      width: 8,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: "CloudFront 5xx and 4xx (%, us-east-1)",
      left: [
        cloudFrontMetric(props.distributionId, "5xxErrorRate", { label: "5xx %" }),
        cloudFrontMetric(props.distributionId, "4xxErrorRate", { label: "4xx %" }),
      ],
      width: 12,
    }),
    new AlarmStatusWidget({ title: "Alarms", alarms, width: 12, height: 8 }),
  );
  return dashboard;
}
