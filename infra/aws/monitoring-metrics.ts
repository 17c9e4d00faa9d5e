/**
 * The metrics the alarms and the dashboard read: the service's own (the metric registry,
 * shared/metrics.ts, written by the functions as EMF), CloudFront's (us-east-1), SES's account
 * reputation, and sums of several metrics in one metric math expression.
 */
import { Duration } from "aws-cdk-lib";
import { type IMetric, MathExpression, Metric, type MetricOptions } from "aws-cdk-lib/aws-cloudwatch";
import { Operation, type Table } from "aws-cdk-lib/aws-dynamodb";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { METRIC_NAMESPACE, type MetricName } from "../../shared/metrics.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { SERVICE_NAME } from "./functions.ts";
import type { PetitionsHttpApi } from "./http-api.ts";

/** What the alarms and the dashboard read metrics of. */
export interface MonitoredResources {
  specs: readonly FunctionSpec[];
  functions: ReadonlyMap<string, IFunction>;
  table: Table;
  deadLetterQueue: IQueue;
  httpApi: PetitionsHttpApi;
  /** The CloudFront distribution: its metrics are in us-east-1 (dimension Region=Global). */
  distributionId: string;
}

/** A metric math alarm may read at most 10 metrics (a hard CloudWatch limit). */
export const METRICS_PER_ALARM = 10;

/** The DynamoDB operations the service calls (at most 10, for one alarm). */
export const TABLE_OPERATIONS = [
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

/** The sum of several metrics; `prefix` keeps the ids apart when several sums share one graph. */
export function sumOf(
  metrics: IMetric[],
  label: string,
  period = Duration.minutes(5),
  prefix = "m",
): IMetric {
  const usingMetrics = Object.fromEntries(metrics.map((metric, i) => [`${prefix}${i}`, metric]));
  return new MathExpression({
    expression: `SUM([${Object.keys(usingMetrics).join(",")}])`,
    usingMetrics,
    label,
    period,
  });
}

export function iteratorAge(fn: IFunction, period: Duration): Metric {
  return fn.metric("IteratorAge", { period, statistic: "Maximum" });
}

/** SES account reputation, a ratio (0.02 = 2 %), published without dimensions. */
export function sesReputation(name: "Reputation.BounceRate" | "Reputation.ComplaintRate"): Metric {
  return new Metric({
    namespace: "AWS/SES",
    metricName: name,
    statistic: "Maximum",
    period: Duration.hours(1),
    label: name,
  });
}
