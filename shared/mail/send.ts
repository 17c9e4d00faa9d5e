/** One rendered email to SES: the only place the service calls SendEmail. */
import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { recordMetric } from "../metrics.ts";
import { ses } from "./client.ts";
import type { RenderedMail } from "./templates.ts";

export interface SenderConfig {
  SERVICE_NAME: string;
  SENDER_EMAIL: string;
}

/** Sends one email; each outcome is counted (EmailSent, EmailFailed) for the dashboard and alarms. */
export async function sendMail(to: string, mail: RenderedMail, config: SenderConfig): Promise<string> {
  try {
    const messageId = await sendEmail(to, mail, config);
    recordMetric("EmailSent");
    return messageId;
  } catch (error) {
    recordMetric("EmailFailed");
    throw error;
  }
}

async function sendEmail(to: string, mail: RenderedMail, config: SenderConfig): Promise<string> {
  const headers = mail.unsubscribeUrl
    ? [
        { Name: "List-Unsubscribe", Value: `<${mail.unsubscribeUrl}>` },
        { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
      ]
    : undefined;
  const sent = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: `${config.SERVICE_NAME} <${config.SENDER_EMAIL}>`,
      Destination: { ToAddresses: [to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: "UTF-8" },
          Body: { Text: { Data: mail.text, Charset: "UTF-8" }, Html: { Data: mail.html, Charset: "UTF-8" } },
          ...(headers ? { Headers: headers } : {}),
        },
      },
    }),
  );
  return sent.MessageId ?? "unknown";
}
