/**
 * The service's SQS queues: the shared dead-letter queue, the scheduled functions' on-failure
 * queue and the topology's named queues, all alike (TLS only, SQS-managed encryption, 14 days).
 */
import { Duration } from "aws-cdk-lib";
import { type IQueue, Queue, QueueEncryption, type QueueProps } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { type FunctionSpec, functionDefaults, type QueueName } from "../../shared/topology-types.ts";

/** SQS's advice for a queue that triggers a function: visibility six times the function's timeout. */
const VISIBILITY_PER_TIMEOUT = 6;

/** A queue of the service: TLS only, encrypted with the SQS-managed key, messages kept 14 days. */
export function serviceQueue(scope: Construct, id: string, props: QueueProps = {}): Queue {
  return new Queue(scope, id, {
    enforceSSL: true,
    encryption: QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
    ...props,
  });
}

/** A topology queue: its consumers' receive limit leads to the shared dead-letter queue. */
export function topologyQueue(
  scope: Construct,
  name: QueueName,
  specs: readonly FunctionSpec[],
  deadLetterQueue: IQueue,
): Queue {
  const consumers = specs.filter((spec) => spec.queue?.name === name);
  const longest = Math.max(functionDefaults.timeoutSeconds, ...consumers.map((c) => c.timeoutSeconds ?? 0));
  const receives = Math.max(1, ...consumers.map((c) => c.queue?.maxReceiveCount ?? 1));
  const id = `${name.charAt(0).toUpperCase()}${name.slice(1)}Queue`;
  return serviceQueue(scope, id, {
    visibilityTimeout: Duration.seconds(longest * VISIBILITY_PER_TIMEOUT),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: receives },
  });
}
