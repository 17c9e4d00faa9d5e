/** One outbox message to SES, exactly once per message under retries. */
import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { logger } from "../log.ts";
import { ses } from "./client.ts";
import { markSent, type OutboxMessage, wasSent } from "./outbox.ts";
import { renderMail } from "./templates.ts";

export interface DeliveryConfig {
  PUBLIC_URL: string;
  SERVICE_NAME: string;
  SENDER_EMAIL: string;
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
  const headers = mail.unsubscribeUrl
    ? [
        { Name: "List-Unsubscribe", Value: `<${mail.unsubscribeUrl}>` },
        { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
      ]
    : undefined;
  const sent = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: `${config.SERVICE_NAME} <${config.SENDER_EMAIL}>`,
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: "UTF-8" },
          Body: { Text: { Data: mail.text, Charset: "UTF-8" }, Html: { Data: mail.html, Charset: "UTF-8" } },
          ...(headers ? { Headers: headers } : {}),
        },
      },
    }),
  );
  await markSent(message.id, sent.MessageId ?? "unknown", now());
  logger.info("mail sent", {
    code: "mail_sent",
    template: message.template,
    petitionId: message.petition_id,
  });
}
