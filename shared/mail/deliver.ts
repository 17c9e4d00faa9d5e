/** One outbox message to SES, exactly once per message under retries. */
import { logger } from "../log.ts";
import { markSent, type OutboxMessage, wasSent } from "./outbox.ts";
import { type SenderConfig, sendMail } from "./send.ts";
import { renderMail } from "./templates.ts";

export interface DeliveryConfig extends SenderConfig {
  PUBLIC_URL: string;
}

export async function deliver(
  message: OutboxMessage,
  config: DeliveryConfig,
  now = () => new Date(),
): Promise<void> {
  if (message.sent_at || (await wasSent(message.id))) return;
  const mail = renderMail(message.template, message.data, {
    publicUrl: config.PUBLIC_URL,
    serviceName: config.SERVICE_NAME,
  });
  const messageId = await sendMail(message.to, mail, config);
  await markSent(message.id, messageId, now());
  logger.info("mail sent", {
    code: "mail_sent",
    template: message.template,
    petitionId: message.petition_id,
  });
}
