/** One rendered email to SES: the only place the service calls SendEmail. */

import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { recordMetric } from "../metrics.ts";
import { ses } from "./client.ts";
import { MAIL_TAG } from "./tags.ts";
import type { RenderedMail } from "./templates.ts";

export interface SenderConfig {
  SERVICE_NAME: string;
  SENDER_EMAIL: string;
  /** The SES configuration set every send names (its events feed the suppression list); empty locally. */
  SES_CONFIGURATION_SET: string;
}

/**
 * What an email is about, sent as SES message tags: SES publishes them with the email's
 * bounce and complaint events, so the feedback function knows which signature to unsubscribe
 * without looking the address up.
 */
export { MAIL_TAG };

export interface MailTags {
  template: string;
  /** The signature the email was sent for, when there is one. */
  signature?: string;
}

/** SES tag values allow ASCII letters, digits, `_` and `-`, up to 256 characters. */
const tagValue = (value: string) => /^[A-Za-z0-9_-]{1,256}$/.test(value);

/** Sends one email; each outcome is counted (EmailSent, EmailFailed) for the dashboard and alarms. */
export async function sendMail(
  to: string,
  mail: RenderedMail,
  config: SenderConfig,
  tags?: MailTags,
): Promise<string> {
  try {
    const messageId = await sendEmail(to, mail, config, tags);
    recordMetric("EmailSent");
    return messageId;
  } catch (error) {
    recordMetric("EmailFailed");
    throw error;
  }
}

async function sendEmail(
  to: string,
  mail: RenderedMail,
  config: SenderConfig,
  tags: MailTags | undefined,
): Promise<string> {
  const headers = mail.unsubscribeUrl
    ? [
        { Name: "List-Unsubscribe", Value: `<${mail.unsubscribeUrl}>` },
        { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
      ]
    : undefined;
  const emailTags = tags
    ? [
        { Name: MAIL_TAG.template, Value: tags.template },
        ...(tags.signature ? [{ Name: MAIL_TAG.signature, Value: tags.signature }] : []),
      ].filter((tag) => tagValue(tag.Value))
    : [];
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
      ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
      ...(config.SES_CONFIGURATION_SET ? { ConfigurationSetName: config.SES_CONFIGURATION_SET } : {}),
      ...(emailTags.length > 0 ? { EmailTags: emailTags } : {}),
    }),
  );
  return sent.MessageId ?? "unknown";
}
