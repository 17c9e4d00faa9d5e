/**
 * The outbox's backstop: a message still unsent OUTBOX_SWEEP_AFTER_MINUTES after it was
 * written (the stream consumer gave up on it, or has not reached it) is sent from here. It reads
 * only unsent messages, from the sparse `due` index, and sends each through the same claim as
 * the stream consumer, so a message the consumer is sending at the same moment is never sent
 * twice. Bounded work per run; the rest waits for the next run.
 */
import { randomUUID } from "node:crypto";
import middy from "@middy/core";
import { loadConfig } from "../../shared/config.ts";
import { tableName } from "../../shared/db/petitions.ts";
import { queryPages } from "../../shared/db/query.ts";
import { logger } from "../../shared/log.ts";
import { deliver } from "../../shared/mail/deliver.ts";
import { OUTBOX_DUE, outboxMessageSchema } from "../../shared/mail/outbox.ts";
import { recordMetric } from "../../shared/metrics.ts";
import { observed } from "../../shared/observe.ts";

const config = loadConfig([
  "TABLE_NAME",
  "PUBLIC_URL",
  "SERVICE_NAME",
  "SENDER_EMAIL",
  "SES_CONFIGURATION_SET",
  // The emails name the thresholds.
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
  "OUTBOX_SWEEP_AFTER_MINUTES",
]);

/** Messages one run looks at, at most: well within its timeout at SES's send rate. */
export const SWEEP_LIMIT = 200;

export async function sweep(now = () => new Date()) {
  const cutoff = new Date(now().getTime() - config.OUTBOX_SWEEP_AFTER_MINUTES * 60_000).toISOString();
  // Each run is its own claimant: two overlapping runs never send the same message.
  const claimant = `sweep:${randomUUID()}`;
  const result = { examined: 0, sent: 0, skipped: 0, failed: 0 };
  const pages = queryPages({
    TableName: tableName(),
    IndexName: "due",
    KeyConditionExpression: "duePK = :pk AND dueSK < :cutoff",
    ExpressionAttributeValues: { ":pk": OUTBOX_DUE, ":cutoff": cutoff },
    Limit: 50,
  });
  for await (const page of pages) {
    for (const item of page) {
      if (result.examined >= SWEEP_LIMIT) break;
      result.examined += 1;
      const message = outboxMessageSchema.safeParse(item);
      if (!message.success) {
        logger.error("an unsent outbox message does not parse; left unsent", {
          code: "outbox_sweep_unreadable",
          id: typeof item.id === "string" ? item.id : undefined,
        });
        result.failed += 1;
        continue;
      }
      try {
        const outcome = await deliver(message.data, config, now, claimant);
        if (outcome === "sent") {
          result.sent += 1;
          recordMetric("OutboxSwept");
        } else result.skipped += 1;
      } catch (error) {
        result.failed += 1;
        logger.warn("sweeping an outbox message failed; the next run tries again", {
          code: "outbox_sweep_failed",
          template: message.data.template,
          errorName: (error as Error).name,
        });
      }
    }
    if (result.examined >= SWEEP_LIMIT) break;
  }
  if (result.sent > 0) logger.warn("unsent outbox messages were swept", { code: "outbox_swept", ...result });
  return result;
}

export const handler = middy()
  .use(observed())
  .handler(() => sweep());
