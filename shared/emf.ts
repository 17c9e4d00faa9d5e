/**
 * CloudWatch embedded metric format, written by the functions themselves: a metric recorded
 * during an invocation is kept until the invocation ends (or `publishStoredMetrics`), then every
 * one is written as a single EMF line on stdout, which Lambda sends to CloudWatch Logs and
 * CloudWatch turns into metrics. The same lines Powertools Metrics wrote (namespace, the
 * `service` dimension, one value or an array of values per metric), without its ~13 KB in every
 * bundle. Off where POWERTOOLS_METRICS_DISABLED is true, or unset with POWERTOOLS_DEV true.
 */
import type { MiddlewareObj } from "@middy/core";

/** The CloudWatch units the service writes (names as Powertools spelled them). */
export const MetricUnit = { Count: "Count", Seconds: "Seconds", Milliseconds: "Milliseconds" } as const;
export type MetricUnitValue = (typeof MetricUnit)[keyof typeof MetricUnit];

/** CloudWatch's limits for one EMF document: 100 metrics, 100 values per metric. */
const MAX_METRICS = 100;
const MAX_VALUES = 100;

const truthy = (value: string | undefined) =>
  ["1", "true", "yes", "on", "y"].includes((value ?? "").toLowerCase());

export class Metrics {
  readonly namespace: string;
  private readonly service: string;
  private readonly disabled: boolean;
  private readonly stored = new Map<string, { unit: MetricUnitValue; values: number[] }>();
  private dimensions: Record<string, string> = {};

  constructor(options: { namespace: string; serviceName: string }) {
    this.namespace = options.namespace;
    this.service = options.serviceName;
    const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
    this.disabled = disabled !== undefined ? truthy(disabled) : truthy(process.env.POWERTOOLS_DEV);
  }

  /** Keeps one value of a metric until the next publish (at CloudWatch's limits, publishes first). */
  addMetric(name: string, unit: MetricUnitValue, value: number): void {
    if (!this.stored.has(name) && this.stored.size >= MAX_METRICS) this.publishStoredMetrics();
    const metric = this.stored.get(name) ?? { unit, values: [] };
    metric.values.push(value);
    this.stored.set(name, metric);
    if (metric.values.length >= MAX_VALUES) this.publishStoredMetrics();
  }

  /** A dimension beside `service` for the metrics of the next publish only. */
  addDimension(name: string, value: string): void {
    this.dimensions[name] = value;
  }

  /** Writes the stored metrics as one EMF line (nothing when none), then forgets them and the added dimensions. */
  publishStoredMetrics(): void {
    const stored = [...this.stored];
    const dimensions = { service: this.service, ...this.dimensions };
    this.stored.clear();
    this.dimensions = {};
    if (this.disabled || stored.length === 0) return;
    const document = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: this.namespace,
            Dimensions: [Object.keys(dimensions)],
            Metrics: stored.map(([name, { unit }]) => ({ Name: name, Unit: unit })),
          },
        ],
      },
      ...dimensions,
      ...Object.fromEntries(
        stored.map(([name, { values }]) => [name, values.length === 1 ? values[0] : values]),
      ),
    };
    process.stdout.write(`${JSON.stringify(document)}\n`);
  }
}

/** The middy middleware that publishes what an invocation recorded when it ends, also when it fails. */
export function logMetrics(metrics: Metrics): MiddlewareObj {
  const publish = () => metrics.publishStoredMetrics();
  return { after: publish, onError: publish };
}
