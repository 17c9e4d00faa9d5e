/**
 * What an operator watches: one SNS topic per stage that every alarm notifies (on alarm and on
 * recovery), the alarms, each linking to its runbook in docs/runbooks/, and one dashboard. The
 * service's own figures come from the metric registry (shared/metrics.ts), which the functions
 * write as EMF; function groups come from the topology, so nothing here names a function.
 */
import { Duration, Stack, type StackProps } from "aws-cdk-lib";
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  type MetricOptions,
  TextWidget,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Operation, type Table } from "aws-cdk-lib/aws-dynamodb";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRIC_NAMESPACE, type MetricName } from "../../shared/metrics.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { SERVICE_NAME } from "./functions.ts";
import type { PetitionsHttpApi } from "./http-api.ts";

/** The topology's functions by what triggers them; alarms and widgets are per group. */
export const FUNCTION_GROUPS = {
  routes: "HTTP routes (JSON API)",
  pages: "web pages",
  streams: "stream consumers",
  schedules: "scheduled functions",
} as const;
export type FunctionGroup = keyof typeof FUNCTION_GROUPS;

export function groupOf(spec: FunctionSpec): FunctionGroup {
  if (spec.stream) return "streams";
  if (spec.schedule) return "schedules";
  if (spec.web) return "pages";
  return "routes";
}

/** A metric math alarm may read at most 10 metrics (a hard CloudWatch limit). */
const METRICS_PER_ALARM = 10;

/** The DynamoDB operations the service calls (at most 10, for one alarm). */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.SCAN,
  Operation.BATCH_GET_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
];

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

export interface MonitoringProps {
  /** The stage's alarm topic (alarmTopic()): every alarm notifies it, alarm and OK. */
  topic: Topic;
  /** Where the runbooks are read, e.g. `https://github.com/org/petitions/blob/main`; relative when absent. */
  runbookBaseUrl?: string;
  specs: readonly FunctionSpec[];
  functions: ReadonlyMap<string, IFunction>;
  table: Table;
  deadLetterQueue: IQueue;
  httpApi: PetitionsHttpApi;
  /** The CloudFront distribution: its metrics are in us-east-1 (dimension Region=Global). */
  distributionId: string;
}

/** A metric of the service's registry, as the functions write it (namespace and `service` dimension). */
export function serviceMetric(name: MetricName, options: MetricOptions = {}): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: "Sum",
    period: Duration.minutes(5),
    ...options,
  });
}

/** CloudFront publishes its metrics in us-east-1 with the dimension Region=Global. */
export function cloudFrontMetric(distributionId: string, name: string, options: MetricOptions = {}): Metric {
  return new Metric({
    namespace: "AWS/CloudFront",
    metricName: name,
    dimensionsMap: { DistributionId: distributionId, Region: "Global" },
    region: "us-east-1",
    statistic: "Average",
    period: Duration.minutes(5),
    ...options,
  });
}

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

/** The encrypted topic every alarm of a stage notifies, with its email subscriptions. */
export function alarmTopic(
  scope: Construct,
  alarmEmails: readonly string[],
  /** Where an alarm email SNS could not deliver is kept (an alarmed queue). */
  undelivered?: IQueue,
): Topic {
  const key = new Key(scope, "AlarmTopicKey", {
    description: "Encrypts the alarm topic; CloudWatch alarms and AWS Budgets may use it to publish",
    enableKeyRotation: true,
  });
  // CloudWatch alarms and AWS Budgets publish to an encrypted topic only with a customer managed
  // key whose policy lets them (the AWS managed SNS key cannot).
  for (const service of ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]) {
    key.grant(new ServicePrincipal(service), "kms:Decrypt", "kms:GenerateDataKey*");
  }
  const topic = new Topic(scope, "AlarmTopic", {
    displayName: "Petitions alarms",
    masterKey: key,
    enforceSSL: true,
  });
  topic.grantPublish(new ServicePrincipal("budgets.amazonaws.com"));
  for (const email of alarmEmails) {
    topic.addSubscription(new EmailSubscription(email, undelivered ? { deadLetterQueue: undelivered } : {}));
  }
  return topic;
}

export class Monitoring extends Construct {
  /** The stage's alarm topic: alarms, and the budget's notifications, go here. */
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly runbookBase: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.runbookBase = props.runbookBaseUrl ? `${props.runbookBaseUrl.replace(/\/$/, "")}/` : "";
    this.topic = props.topic;

    const groups = this.groupFunctions(props);
    this.functionAlarms(groups);
    this.streamAlarms(props);
    this.resourceAlarms(props);
    this.serviceAlarms();
    if (Stack.of(this).region === "us-east-1") {
      // Only here: an alarm reads metrics of its own region, and CloudFront's are in us-east-1.
      this.addAlarm("CloudFront5xx", cloudFront5xxAlarm(props.distributionId));
    }
    this.dashboard = this.buildDashboard(props, groups);
  }

  /** An alarm that notifies the topic on ALARM and on OK, its description linking to its runbook. */
  addAlarm(id: string, props: RunbookAlarmProps): Alarm {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      ...(props.datapointsToAlarm ? { datapointsToAlarm: props.datapointsToAlarm } : {}),
      comparisonOperator: props.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: props.treatMissingData ?? TreatMissingData.NOT_BREACHING,
      alarmDescription: `${props.summary} Runbook: ${this.runbookBase}docs/runbooks/${props.runbook}.md`,
    });
    this.notify(alarm);
    return alarm;
  }

  /** Makes an alarm built elsewhere notify the stage's topic, on ALARM and on OK. */
  notify(alarm: Alarm): void {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }

  private groupFunctions(
    props: MonitoringProps,
  ): Map<FunctionGroup, { spec: FunctionSpec; fn: IFunction }[]> {
    const groups = new Map<FunctionGroup, { spec: FunctionSpec; fn: IFunction }[]>();
    for (const spec of props.specs) {
      const fn = props.functions.get(spec.name);
      if (!fn) continue;
      const group = groupOf(spec);
      groups.set(group, [...(groups.get(group) ?? []), { spec, fn }]);
    }
    return groups;
  }

  /** Errors and throttles per function group, summed (in alarms of at most 10 functions each). */
  private functionAlarms(groups: Map<FunctionGroup, { spec: FunctionSpec; fn: IFunction }[]>): void {
    for (const [group, members] of groups) {
      const name = group[0]?.toUpperCase() + group.slice(1);
      for (let start = 0, part = 1; start < members.length; start += METRICS_PER_ALARM, part++) {
        const chunk = members.slice(start, start + METRICS_PER_ALARM);
        const suffix = members.length > METRICS_PER_ALARM ? String(part) : "";
        const names = chunk.map((m) => m.spec.name).join(", ");
        this.addAlarm(`${name}Errors${suffix}`, {
          metric: sumOf(
            chunk.map((m) => m.fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" })),
            `${FUNCTION_GROUPS[group]}: errors`,
          ),
          threshold: THRESHOLDS.lambdaErrors,
          runbook: "lambda-errors",
          summary:
            `Invocations of the ${FUNCTION_GROUPS[group]} (${names}) failed with unhandled errors or timeouts.`.slice(
              0,
              700,
            ),
        });
        this.addAlarm(`${name}Throttles${suffix}`, {
          metric: sumOf(
            chunk.map((m) => m.fn.metricThrottles({ period: Duration.minutes(5), statistic: "Sum" })),
            `${FUNCTION_GROUPS[group]}: throttles`,
          ),
          threshold: THRESHOLDS.lambdaThrottles,
          runbook: "lambda-throttles",
          summary:
            `Invocations of the ${FUNCTION_GROUPS[group]} (${names}) were throttled: concurrency ran out.`.slice(
              0,
              700,
            ),
        });
      }
    }
  }

  /** Iterator age of every stream consumer (the counter and the mail consumers among them). */
  private streamAlarms(props: MonitoringProps): void {
    for (const spec of props.specs) {
      const fn = props.functions.get(spec.name);
      if (!spec.stream || !fn) continue;
      this.addAlarm(`${spec.name}IteratorAge`, {
        metric: iteratorAge(fn, Duration.minutes(1)),
        threshold: THRESHOLDS.iteratorAgeSeconds * 1000,
        evaluationPeriods: 5,
        runbook: "stream-iterator-age",
        summary: `${spec.name} is more than ${THRESHOLDS.iteratorAgeSeconds / 60} minutes behind the table's stream: ${spec.description}.`,
      });
    }
  }

  private resourceAlarms(props: MonitoringProps): void {
    this.addAlarm("DeadLetters", {
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      threshold: THRESHOLDS.deadLetters,
      runbook: "dead-letters",
      summary: "Stream records or scheduled runs were parked in the dead-letter queue after their retries.",
    });
    const api = props.httpApi.api;
    this.addAlarm("Api5xxRate", {
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
    this.addAlarm("ApiLatencyP99", {
      metric: api.metricLatency({ period: Duration.minutes(5), statistic: "p99" }),
      threshold: THRESHOLDS.apiP99Ms,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      runbook: "api-latency",
      summary: `The API's p99 latency was above ${THRESHOLDS.apiP99Ms} ms for 15 minutes.`,
    });
    this.addAlarm("TableThrottles", {
      metric: props.table.metricThrottledRequestsForOperations({
        operations: TABLE_OPERATIONS,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      runbook: "dynamodb-throttles",
      summary: "DynamoDB throttled requests to the table (a hot partition, or the on-demand maximum).",
    });
    this.addAlarm("TableSystemErrors", {
      metric: props.table.metricSystemErrorsForOperations({
        operations: TABLE_OPERATIONS,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      runbook: "dynamodb-system-errors",
      summary: "DynamoDB answered requests to the table with internal errors (HTTP 500).",
    });
    this.addAlarm("SesBounceRate", {
      metric: sesReputation("Reputation.BounceRate"),
      threshold: THRESHOLDS.sesBounceRate,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      runbook: "ses-bounce-rate",
      summary: `The SES account's bounce rate is above ${THRESHOLDS.sesBounceRate * 100} % (AWS reviews the account at 5 %, and may pause sending at 10 %).`,
    });
    this.addAlarm("SesComplaintRate", {
      metric: sesReputation("Reputation.ComplaintRate"),
      threshold: THRESHOLDS.sesComplaintRate,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      runbook: "ses-complaint-rate",
      summary: `The SES account's complaint rate is above ${THRESHOLDS.sesComplaintRate * 100} % (AWS reviews the account at 0.1 %, and may pause sending at 0.5 %).`,
    });
  }

  /** Alarms on what the functions report themselves (the registry's metrics). */
  private serviceAlarms(): void {
    this.addAlarm("MailJobStalled", {
      metric: serviceMetric("MailJobStalled"),
      threshold: 1,
      runbook: "mail-job-stalled",
      summary: "A running mass-mail job has sent nothing for 15 minutes.",
    });
    this.addAlarm("CountDrift", {
      metric: serviceMetric("CountDriftCorrected", { period: Duration.hours(1) }),
      threshold: 1,
      runbook: "count-drift",
      summary:
        "The count reconciliation found a petition whose stored count differed from its signatures, and corrected it.",
    });
    this.addAlarm("CounterBatchFailed", {
      metric: serviceMetric("CounterBatchFailed"),
      threshold: 1,
      runbook: "counter-batch-failed",
      summary: "A counter batch still failed after its retries; its petitions are being recounted.",
    });
    this.addAlarm("EmailsFailed", {
      metric: serviceMetric("EmailFailed"),
      threshold: THRESHOLDS.emailsFailed,
      runbook: "emails-failed",
      summary: `SES refused or failed ${THRESHOLDS.emailsFailed} or more emails in 5 minutes.`,
    });
    this.addAlarm("OutboxSwept", {
      metric: serviceMetric("OutboxSwept", { period: Duration.hours(1) }),
      threshold: 1,
      runbook: "outbox-swept",
      summary: "The outbox sweeper sent emails the stream consumer had not sent in time.",
    });
  }

  private buildDashboard(
    props: MonitoringProps,
    groups: Map<FunctionGroup, { spec: FunctionSpec; fn: IFunction }[]>,
  ): Dashboard {
    const minute = Duration.minutes(1);
    const perMinute = (name: MetricName) => serviceMetric(name, { period: minute, label: name });
    const streams = props.specs.filter((s) => s.stream && props.functions.has(s.name));
    const httpFunctions = [...(groups.get("routes") ?? []), ...(groups.get("pages") ?? [])];
    const api = props.httpApi.api;
    const dashboard = new Dashboard(this, "Dashboard", { defaultInterval: Duration.hours(3) });
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
        title: "Recovery: stalled jobs, failed counter batches, drift corrected, outbox swept",
        left: (["MailJobStalled", "CounterBatchFailed", "CountDriftCorrected", "OutboxSwept"] as const).map(
          (name) => serviceMetric(name, { label: name }),
        ),
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
      new GraphWidget({
        title: "Latency by route: p99 duration of each route's function (ms)",
        left: httpFunctions.map(({ spec, fn }) =>
          fn.metricDuration({ period: minute, statistic: "p99", label: spec.name }),
        ),
        width: 12,
        height: 8,
      }),
      new GraphWidget({
        title: "Errors by route: unhandled errors of each route's function",
        left: httpFunctions.map(({ spec, fn }) =>
          fn.metricErrors({ period: minute, statistic: "Sum", label: spec.name }),
        ),
        width: 12,
        height: 8,
      }),
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
      new AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 12, height: 8 }),
    );
    return dashboard;
  }
}

export interface EdgeAlarmsProps extends StackProps {
  alarmEmails: readonly string[];
  /** The distribution's id (the main stack's `DistributionId` output). */
  distributionId: string;
  runbookBaseUrl?: string;
}

/**
 * The CloudFront alarm for a stage deployed outside us-east-1: an alarm reads only its own
 * Region's metrics and can notify only a topic in its Region, and CloudFront's metrics are in
 * us-east-1, so this small stack there has its own encrypted topic with the same subscribers.
 */
export class EdgeAlarmsStack extends Stack {
  readonly topic: Topic;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: EdgeAlarmsProps) {
    super(scope, id, { ...props, env: { ...props.env, region: "us-east-1" } });
    this.topic = alarmTopic(this, props.alarmEmails);
    const base = props.runbookBaseUrl ? `${props.runbookBaseUrl.replace(/\/$/, "")}/` : "";
    const spec = cloudFront5xxAlarm(props.distributionId);
    this.alarm = new Alarm(this, "CloudFront5xx", {
      metric: spec.metric,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      comparisonOperator: spec.comparisonOperator ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${spec.summary} Runbook: ${base}docs/runbooks/${spec.runbook}.md`,
    });
    const action = new SnsAction(this.topic);
    this.alarm.addAlarmAction(action);
    this.alarm.addOkAction(action);
  }
}

/** The CloudFront 5xx alarm; it must live in us-east-1, where CloudFront's metrics are. */
export function cloudFront5xxAlarm(distributionId: string): RunbookAlarmProps {
  return {
    metric: cloudFrontMetric(distributionId, "5xxErrorRate"),
    threshold: THRESHOLDS.cloudFront5xxPercent,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    runbook: "cloudfront-5xx",
    summary: `More than ${THRESHOLDS.cloudFront5xxPercent} % of CloudFront's answers were 5xx for 15 minutes.`,
  };
}

/** The sum of several metrics; `prefix` keeps the ids apart when several sums share one graph. */
function sumOf(metrics: IMetric[], label: string, period = Duration.minutes(5), prefix = "m"): IMetric {
  const usingMetrics = Object.fromEntries(metrics.map((metric, i) => [`${prefix}${i}`, metric]));
  return new MathExpression({
    expression: `SUM([${Object.keys(usingMetrics).join(",")}])`,
    usingMetrics,
    label,
    period,
  });
}

function iteratorAge(fn: IFunction, period: Duration): Metric {
  return fn.metric("IteratorAge", { period, statistic: "Maximum" });
}

/** SES account reputation, a ratio (0.02 = 2 %), published without dimensions. */
function sesReputation(name: "Reputation.BounceRate" | "Reputation.ComplaintRate"): Metric {
  return new Metric({
    namespace: "AWS/SES",
    metricName: name,
    statistic: "Maximum",
    period: Duration.hours(1),
    label: name,
  });
}
