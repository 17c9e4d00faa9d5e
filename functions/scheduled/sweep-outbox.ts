/**
 * The outbox's backstop: a message still unsent OUTBOX_SWEEP_AFTER_MINUTES after it was
 * written (the stream consumer gave up on it, or has not reached it) is sent from here. It reads
 * only unsent messages, from the sparse `due` index, and sends each through the same claim as
 * the stream consumer, so a message the consumer is sending at the same moment is never sent
 * twice. Bounded work per run; the rest waits for the next run.
 */
import { randomUUID } from "node:crypto";
import middy from "@middy/core";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { deliver } from "../../shared/mail/deliver.ts";
import { outboxMessageSchema, unsentBefore } from "../../shared/mail/outbox.ts";
import { recordMetric } from "../../shared/metrics.ts";
import { observed } from "../../shared/observe.ts";
import { withThresholdsInEffect } from "../../shared/site/thresholds.ts";

const config = functionConfig("SweepOutbox");

/** Messages one run looks at, at most: well within its timeout at SES's send rate. */
export const SWEEP_LIMIT = 200;

export async function sweep(now = () => new Date()) {
  const cutoff = new Date(now().getTime() - config.OUTBOX_SWEEP_AFTER_MINUTES * 60_000).toISOString();
  // Each run is its own claimant: two overlapping runs never send the same message.
  const claimant = `sweep:${randomUUID()}`;
  const result = { examined: 0, sent: 0, skipped: 0, failed: 0 };
  // The thresholds the emails name are those in effect (site settings).
  const sending = await withThresholdsInEffect(config);
  for await (const page of unsentBefore(cutoff)) {
    for (const item of page) {
      if (result.examined >= SWEEP_LIMIT) break;
      result.examined += 1;
      const message = outboxMessageSchema.safeParse(item);
      if (!message.success) {
        logger.error("an unsent outbox message does not parse; left unsent", {
          code: LogCode.outboxSweepUnreadable,
          id: typeof item.id === "string" ? item.id : undefined,
        });
        result.failed += 1;
        continue;
      }
      try {
        const outcome = await deliver(message.data, sending, { now, claimant });
        if (outcome === "sent") {
          result.sent += 1;
          recordMetric("OutboxSwept");
        } else result.skipped += 1;
      } catch (error) {
        result.failed += 1;
        logger.warn("sweeping an outbox message failed; the next run tries again", {
          code: LogCode.outboxSweepFailed,
          template: message.data.template,
          errorName: (error as Error).name,
        });
      }
    }
    if (result.examined >= SWEEP_LIMIT) break;
  }
  if (result.sent > 0)
    logger.warn("unsent outbox messages were swept", { code: LogCode.outboxSwept, ...result });
  return result;
}

export const handler = middy()
  .use(observed())
  .handler(() => sweep());
