/**
 * One outbox message to SES, exactly once per message under retries and between senders: the
 * sender claims the message first (shared/mail/outbox.ts), and a message another sender holds
 * is left to it.
 */

import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import { type ThresholdConfig, thresholdNumbers } from "../petitions/threshold-numbers.ts";
import {
  claim,
  markSent,
  markWithheld,
  type OutboxMessage,
  outboxState,
  release,
  STREAM_CLAIMANT,
  wasSent,
} from "./outbox.ts";
import { noteTransactionalSends } from "./rate.ts";
import { type SenderConfig, sendMail } from "./send.ts";
import { isSuppressed } from "./suppression.ts";
import { renderMail } from "./templates.ts";

export interface DeliveryConfig extends SenderConfig, ThresholdConfig {
  PUBLIC_URL: string;
}

/** The signature a message is about: named in its data, or the one its link confirms. */
export function signatureOf(message: Pick<OutboxMessage, "data">): string | undefined {
  const named = message.data.signature_id;
  if (typeof named === "string") return named;
  const link = message.data.link;
  if (typeof link !== "string") return undefined;
  return link.match(/\/signatures\/([A-Za-z0-9_-]+)\/verify\?/)?.[1];
}

/** What became of the message: sent now, sent or withheld before, withheld now, or held by another sender. */
export type Delivery = "sent" | "already_sent" | "withheld" | "claimed_elsewhere";

/** Clocks of two hosts may differ this much at most, as far as a claim is concerned. */
export const CLOCK_MARGIN_MS = 60_000;

/** When the sender's invocation ends at the latest, and when the sweeper may take a message. */
export interface SenderWindow {
  /** Epoch ms by which the invocation has stopped (Lambda stops it at its timeout). */
  endsBy: number;
  /** OUTBOX_SWEEP_AFTER_MINUTES: the sweeper reads only messages queued longer than this. */
  sweepAfterMinutes: number;
}

/**
 * Does a message need a claim before this sender sends it? A claim keeps the sweeper off it.
 * A message the stream consumer finds outside the sweeper's queue can join it only once Lambda
 * has given up on the consumer's batch, after this invocation; and the sweeper reads only
 * messages queued more than `sweepAfterMinutes` ago, so a queued one no sweep can reach before
 * this invocation has stopped (with a margin for clocks) needs none either. The sweeper itself
 * (no window) always claims.
 */
export function needsClaim(queuedAt: number | null, window: SenderWindow | undefined): boolean {
  if (!window) return true;
  if (queuedAt === null) return false;
  return queuedAt + window.sweepAfterMinutes * 60_000 <= window.endsBy + CLOCK_MARGIN_MS;
}

/** Who sends, and how: the stream consumer by default. */
export interface Sender {
  now?: () => Date;
  claimant?: string;
  /** The stream consumer's invocation: when it stops, and when the sweeper may take a message. */
  window?: SenderWindow;
  /** The send was counted against the account's rate already (the consumer counts its batch at once). */
  rateNoted?: boolean;
}

export async function deliver(
  message: OutboxMessage,
  config: DeliveryConfig,
  { now = () => new Date(), claimant = STREAM_CLAIMANT, window, rateNoted = false }: Sender = {},
): Promise<Delivery> {
  if (message.sent_at || message.withheld_at) return "already_sent";
  const state = await outboxState(message.id);
  if (state.settled) return "already_sent";
  if (await isSuppressed(message.to)) {
    // Settled for good: a retry, a replay or a sweep finds it withheld and sends nothing.
    if (await markWithheld(message.id, "suppressed", now())) recordMetric("EmailWithheld");
    logger.info("mail withheld: the address is suppressed", {
      code: LogCode.mailWithheld,
      template: message.template,
      petitionId: message.petition_id,
    });
    return "withheld";
  }
  // A message from the stream is sent unclaimed when no sweep can reach it: one write fewer.
  const claimed = needsClaim(state.queuedAt, window);
  if (claimed && !(await claim(message.id, claimant, now()))) {
    if (await wasSent(message.id)) return "already_sent";
    logger.info("mail left to the sender that claimed it", {
      code: LogCode.mailClaimedElsewhere,
      template: message.template,
      petitionId: message.petition_id,
    });
    return "claimed_elsewhere";
  }
  const mail = renderMail(message.template, message.data, {
    publicUrl: config.PUBLIC_URL,
    serviceName: config.SERVICE_NAME,
    thresholds: thresholdNumbers(config),
  });
  // Counted against the account's send rate so mass mail makes room; never waits itself.
  if (!rateNoted) await noteTransactionalSends(now(), 1);
  const signature = signatureOf(message);
  let messageId: string;
  try {
    messageId = await sendMail(message.to, mail, config, {
      template: message.template,
      ...(signature ? { signature } : {}),
    });
  } catch (error) {
    if (claimed) await release(message.id, claimant).catch(() => {});
    throw error;
  }
  await markSent(message.id, messageId, now());
  logger.info("mail sent", {
    code: LogCode.mailSent,
    template: message.template,
    petitionId: message.petition_id,
  });
  return "sent";
}
