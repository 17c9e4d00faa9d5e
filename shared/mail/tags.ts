/**
 * The SES message tags every email carries, which SES gives back in its delivery, bounce and
 * complaint events. Apart from send.ts so that reading those events (MailFeedback) does not
 * bring the SES client into the bundle.
 */
export const MAIL_TAG = { template: "template", signature: "signature" } as const;
