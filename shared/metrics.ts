/**
 * Every metric the functions write, named once. Functions write them as CloudWatch embedded
 * metric format (Powertools Metrics) in namespace `Petitions`; the dashboard and the alarms in
 * infra/aws read the same names from here, so a renamed metric cannot leave a widget or an alarm
 * watching nothing.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { metrics } from "./log.ts";

export const METRIC_NAMESPACE = "Petitions";

export const METRICS = {
  /** A signature request stored as pending (a confirmation email will follow). */
  SignatureAccepted: MetricUnit.Count,
  /** A signature request answered as if accepted, but over a limit or blocked (nothing counted). */
  SignatureShadowBanned: MetricUnit.Count,
  /** A signature confirmed from its emailed link. */
  SignatureConfirmed: MetricUnit.Count,
  /** Seconds from a signature's confirmation to its count being written. */
  CountLagSeconds: MetricUnit.Seconds,
  /** An email handed to SES. */
  EmailSent: MetricUnit.Count,
  /** An email SES refused or that failed to send. */
  EmailFailed: MetricUnit.Count,
  /** An email not sent: the address is suppressed, blocked or over its cap. */
  EmailWithheld: MetricUnit.Count,
  /** SES reported a bounce. */
  EmailBounced: MetricUnit.Count,
  /** SES reported a complaint. */
  EmailComplained: MetricUnit.Count,
  /** SES reported a delivery delayed (counted only; the address is kept). */
  EmailDelayed: MetricUnit.Count,
  /** SES rejected an email it was handed (counted only). */
  EmailRejected: MetricUnit.Count,
  /** A counter batch that still failed after its retries and went to the on-failure path. */
  CounterBatchFailed: MetricUnit.Count,
  /** A mail batch that still failed after its retries: its unsent messages went to the sweeper's queue. */
  MailBatchFailed: MetricUnit.Count,
  /** A petition whose stored count differed from a recount of its signatures (then corrected). */
  CountDriftCorrected: MetricUnit.Count,
  /** An outbox message sent by the sweeper because the stream consumer had not sent it in time. */
  OutboxSwept: MetricUnit.Count,
  /** A running mass-mail job that has sent nothing for its stall interval. */
  MailJobStalled: MetricUnit.Count,
  /** An IP or email domain reached the notifying trending threshold on a petition (once per source and hour). */
  TrendingSourceNotified: MetricUnit.Count,
} as const satisfies Record<string, (typeof MetricUnit)[keyof typeof MetricUnit]>;

export type MetricName = keyof typeof METRICS;

/** Adds one data point of a registered metric; flushed by the handler's metrics middleware or `flushMetrics`. */
export function recordMetric(name: MetricName, value = 1): void {
  metrics.addMetric(name, METRICS[name], value);
}

/** Writes the stored metrics now (for code paths without the middleware, e.g. a long batch). */
export function flushMetrics(): void {
  metrics.publishStoredMetrics();
}
