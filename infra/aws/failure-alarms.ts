/**
 * The failure paths' own alarms: a scheduled run that failed after Lambda's retries, and a stream
 * batch sent to its on-failure queue. The others (counter batches that failed, count drift) are
 * in Monitoring with every alarm read from the metric registry.
 */
import { Duration } from "aws-cdk-lib";
import type { Alarm } from "aws-cdk-lib/aws-cloudwatch";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { FunctionSpec, QueueName } from "../../shared/topology-types.ts";
import type { Monitoring } from "./monitoring.ts";

export interface FailureAlarms {
  /** A scheduled function's run failed after Lambda's retries (its on-failure queue holds it). */
  scheduledRunFailed: Alarm;
}

/** The runbook of each on-failure queue's alarm. */
const FAILED_BATCH_RUNBOOKS: Record<QueueName, string> = {
  counterFailures: "counter-batch-failed",
  mailFailures: "mail-batch-failed",
};

export function addFailureAlarms(
  monitoring: Monitoring,
  scheduledFailureQueue: IQueue,
  specs: readonly FunctionSpec[],
  queues: ReadonlyMap<QueueName, IQueue>,
): FailureAlarms {
  const alarms = {
    scheduledRunFailed: monitoring.addAlarm("ScheduledRunFailed", {
      metric: scheduledFailureQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      threshold: 1,
      runbook: "scheduled-run-failed",
      summary:
        "A scheduled function failed after Lambda's retries; its event is in the scheduled-failure queue.",
    }),
  };
  // A stream's failed batch sent to its on-failure queue: its consumer recovers at once, so the
  // queue is usually empty again before a depth alarm would see it; any message sent alarms.
  for (const spec of specs) {
    const name = spec.stream?.onFailure;
    const queue = name === undefined ? undefined : queues.get(name);
    if (!queue || !name) continue;
    monitoring.addAlarm(`${spec.name}FailedBatches`, {
      metric: queue.metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: "Sum" }),
      threshold: 1,
      runbook: FAILED_BATCH_RUNBOOKS[name],
      summary: `A ${spec.name} batch failed after its retries; it went to ${name}, whose consumer recovers it.`,
    });
  }
  return alarms;
}
