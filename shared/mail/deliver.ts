/**
 * One outbox message to SES, exactly once per message under retries and between senders: the
 * sender claims the message first (shared/mail/outbox.ts), and a message another sender holds
 * is left to it.
 */
import { logger } from "../log.ts";
import { claim, markSent, type OutboxMessage, release, STREAM_CLAIMANT, wasSent } from "./outbox.ts";
import { type SenderConfig, sendMail } from "./send.ts";
import { renderMail } from "./templates.ts";

export interface DeliveryConfig extends SenderConfig {
  PUBLIC_URL: string;
}

/** What became of the message: sent now, sent before, or held by another sender. */
export type Delivery = "sent" | "already_sent" | "claimed_elsewhere";

export async function deliver(
  message: OutboxMessage,
  config: DeliveryConfig,
  now = () => new Date(),
  claimant = STREAM_CLAIMANT,
): Promise<Delivery> {
  if (message.sent_at || (await wasSent(message.id))) return "already_sent";
  if (!(await claim(message.id, claimant, now()))) {
    if (await wasSent(message.id)) return "already_sent";
    logger.info("mail left to the sender that claimed it", {
      code: "mail_claimed_elsewhere",
      template: message.template,
      petitionId: message.petition_id,
    });
    return "claimed_elsewhere";
  }
  const mail = renderMail(message.template, message.data, {
    publicUrl: config.PUBLIC_URL,
    serviceName: config.SERVICE_NAME,
  });
  let messageId: string;
  try {
    messageId = await sendMail(message.to, mail, config);
  } catch (error) {
    await release(message.id, claimant).catch(() => {});
    throw error;
  }
  await markSent(message.id, messageId, now());
  logger.info("mail sent", {
    code: "mail_sent",
    template: message.template,
    petitionId: message.petition_id,
  });
  return "sent";
}
