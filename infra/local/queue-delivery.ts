/** SQS and Lambda's queue trigger, run locally: a message to a queue goes to its consumers. */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { FunctionSpec, QueueName } from "../../shared/topology-types.ts";
import { LOCAL_REGION } from "./emulators.ts";
import type { FunctionRunner } from "./functions.ts";

export type SendToQueue = (queue: QueueName, body: unknown) => Promise<void>;

/**
 * A message to a queue, as SQS and Lambda's queue trigger hand it over: each consumer is
 * invoked with it, again after a failure (the visibility timeout, shortened here) until its
 * receive limit, then it stays in the queue's dead letters (logged).
 */
export function queueSender(
  functions: readonly FunctionSpec[],
  runner: FunctionRunner,
  log: (line: string) => void,
): SendToQueue {
  return async (queue, body) => {
    const consumers = functions.filter((f) => f.queue?.name === queue);
    if (consumers.length === 0) log(`queue ${queue}: a message with no consumer was dropped`);
    const messageId = randomUUID();
    await Promise.all(
      consumers.map(async (spec) => {
        const limit = spec.queue?.maxReceiveCount ?? 1;
        for (let receive = 1; receive <= limit; receive++) {
          const failed = await runner
            .invoke(spec, {
              Records: [
                {
                  messageId,
                  receiptHandle: `${messageId}#${receive}`,
                  body: JSON.stringify(body),
                  attributes: { ApproximateReceiveCount: String(receive) },
                  messageAttributes: {},
                  md5OfBody: "",
                  eventSource: "aws:sqs",
                  eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:000000000000:${queue}`,
                  awsRegion: LOCAL_REGION,
                },
              ],
            })
            .then(
              (result) =>
                ((result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures ?? []).length >
                0,
              () => true,
            );
          if (!failed) return;
          await sleep(250 * 2 ** receive);
        }
        log(
          `queue ${queue}: ${spec.name} failed a message ${limit} times; it is in the queue's dead letters`,
        );
      }),
    );
  };
}
