/**
 * One message to SES (an outbox item's, or a new signature's own confirmation), exactly once per
 * message under retries and between senders: a message is marked sent after SES takes it and
 * skipped once marked; one the sweeper could reach is claimed first (shared/mail/outbox.ts), and
 * a message another sender holds is left to it.
 */

import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import { type ThresholdConfig, thresholdNumbers } from "../petitions/threshold-numbers.ts";
import type { CountedOnce } from "./caps.ts";
import {
  claim,
  markSent,
  markWithheld,
  type OutboxMessage,
  outboxState,
  release,
  STREAM_CLAIMANT,
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
 * (no window) claims every message it sends, all of them queued.
 */
export function needsClaim(queuedAt: number | null, window: SenderWindow | undefined): boolean {
  if (queuedAt === null) return false;
  if (!window) return true;
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
  /** Where the message lives and is marked: its outbox item unless said otherwise. */
  store?: MessageStore;
}

/**
 * Where a message lives and how it is marked: an outbox item (outbox.ts), or a new signature that
 * carries its own confirmation email (signature-mail.ts).
 */
export interface MessageStore {
  /** Sent or withheld (settled), and, while unsent, when it joined the sweeper's queue (epoch ms). */
  state(): Promise<{ settled: boolean; queuedAt: number | null }>;
  claim(claimant: string, now: Date): Promise<boolean>;
  release(claimant: string): Promise<void>;
  markSent(messageId: string, now: Date): Promise<void>;
  /** False when it was settled already. */
  markWithheld(reason: string, now: Date): Promise<boolean>;
  /**
   * Counts the email against its recipient's caps, once per message, for a message not counted
   * when it was written: "capped" when the recipient is over a cap (the message is then
   * withheld), "counted_before" on a retry. Such a store is not read before the count: only a
   * message counted before (by an earlier attempt, or as it moved to the sweeper's queue) can be
   * settled already, so only it is read then.
   */
  count?(now: Date): Promise<CountedOnce>;
}

/** An outbox item as a message store. */
export const outboxStore = (id: string): MessageStore => ({
  state: () => outboxState(id),
  claim: (claimant, now) => claim(id, claimant, now),
  release: (claimant) => release(id, claimant),
  markSent: (messageId, now) => markSent(id, messageId, now),
  markWithheld: (reason, now) => markWithheld(id, reason, now),
});

/** Settles a message without sending it, for good: a retry, a replay or a sweep sends nothing. */
async function withhold(store: MessageStore, message: OutboxMessage, reason: string, now: Date) {
  if (await store.markWithheld(reason, now)) recordMetric("EmailWithheld");
  logger.info(
    `mail withheld: ${reason === "capped" ? "the address is over a cap" : "the address is suppressed"}`,
    {
      code: LogCode.mailWithheld,
      template: message.template,
      petitionId: message.petition_id,
    },
  );
  return "withheld" as const;
}

export async function deliver(
  message: OutboxMessage,
  config: DeliveryConfig,
  {
    now = () => new Date(),
    claimant = STREAM_CLAIMANT,
    window,
    rateNoted = false,
    store = outboxStore(message.id),
  }: Sender = {},
): Promise<Delivery> {
  if (message.sent_at || message.withheld_at) return "already_sent";
  // A store that counts at send is read only on a retry (below); any other is read first.
  const state = store.count ? { settled: false, queuedAt: null } : await store.state();
  if (state.settled) return "already_sent";
  if (await isSuppressed(message.to)) return withhold(store, message, "suppressed", now());
  // A message from the stream is sent unclaimed when no sweep can reach it: one write fewer.
  const claimed = needsClaim(state.queuedAt, window);
  if (claimed && !(await store.claim(claimant, now()))) {
    if ((await store.state()).settled) return "already_sent";
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
  if (store.count) {
    const counted = await store.count(now());
    if (counted === "capped") return withhold(store, message, "capped", now());
    // Counted by an earlier attempt, which may have sent it and marked it so.
    if (counted === "counted_before" && (await store.state()).settled) return "already_sent";
  }
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
    if (claimed) await store.release(claimant).catch(() => {});
    throw error;
  }
  await store.markSent(messageId, now());
  logger.info("mail sent", {
    code: LogCode.mailSent,
    template: message.template,
    petitionId: message.petition_id,
  });
  return "sent";
}
