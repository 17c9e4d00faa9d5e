/**
 * The SES events the service acts on, as EventBridge names them (detail-type) and as SES names
 * them in the event record (eventType). No imports: the topology reads this.
 */
export const SES_FEEDBACK_EVENTS = {
  bounce: { detailType: "Email Bounced", eventType: "Bounce" },
  complaint: { detailType: "Email Complaint Received", eventType: "Complaint" },
  delay: { detailType: "Email Delivery Delayed", eventType: "DeliveryDelay" },
  reject: { detailType: "Email Rejected", eventType: "Reject" },
} as const;

export type SesFeedbackKind = keyof typeof SES_FEEDBACK_EVENTS;

export const SES_FEEDBACK_DETAIL_TYPES = Object.values(SES_FEEDBACK_EVENTS).map((e) => e.detailType);
