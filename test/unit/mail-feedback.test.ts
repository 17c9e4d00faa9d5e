import { describe, expect, it } from "vitest";
import { sesFeedbackEvent } from "../../infra/local/mail-events.ts";
import { signatureOf } from "../../shared/mail/deliver.ts";
import {
  classify,
  eventBridgeSesEventSchema,
  sesEventSchema,
  taggedSignature,
} from "../../shared/mail/feedback.ts";

/** SES's documented Bounce record, as its event-publishing examples show it. */
const documentedBounce = {
  eventType: "Bounce",
  bounce: {
    bounceType: "Permanent",
    bounceSubType: "General",
    bouncedRecipients: [
      {
        emailAddress: "recipient@example.com",
        action: "failed",
        status: "5.1.1",
        diagnosticCode: "smtp; 550 5.1.1 user unknown",
      },
    ],
    timestamp: "2017-08-05T00:41:02.669Z",
    feedbackId: "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000",
    reportingMTA: "dsn; mta.example.com",
  },
  mail: {
    timestamp: "2017-08-05T00:40:02.012Z",
    source: "Sender Name <sender@example.com>",
    sendingAccountId: "123456789012",
    messageId: "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
    destination: ["recipient@example.com"],
    headersTruncated: false,
    tags: {
      "ses:configuration-set": ["ConfigSet"],
      signature: ["12-1-abcdefghijklmnopqrstuv"],
      template: ["confirm_signature"],
    },
  },
};

describe("reading SES's feedback events", () => {
  it("suppresses the bounced recipients of a permanent bounce, with its subtype", () => {
    const event = sesEventSchema.parse(documentedBounce);
    expect(classify(event)).toEqual({
      action: "suppress",
      reason: "bounce",
      emails: ["recipient@example.com"],
      detail: "General",
    });
    expect(taggedSignature(event)).toBe("12-1-abcdefghijklmnopqrstuv");
  });

  it("only counts a transient bounce, a delivery delay and a reject", () => {
    const transient = sesEventSchema.parse({
      ...documentedBounce,
      bounce: { ...documentedBounce.bounce, bounceType: "Transient", bounceSubType: "MailboxFull" },
    });
    expect(classify(transient)).toMatchObject({ action: "count", metric: "EmailBounced" });
    expect(
      classify(sesEventSchema.parse({ ...documentedBounce, eventType: "DeliveryDelay", bounce: undefined })),
    ).toMatchObject({
      action: "count",
      metric: "EmailDelayed",
    });
    expect(
      classify(sesEventSchema.parse({ ...documentedBounce, eventType: "Reject", bounce: undefined })),
    ).toMatchObject({
      action: "count",
      metric: "EmailRejected",
    });
    expect(
      classify(sesEventSchema.parse({ ...documentedBounce, eventType: "Open", bounce: undefined })),
    ).toEqual({
      action: "ignore",
    });
  });

  it("suppresses the complained recipients, or the destination when SES names none", () => {
    const complaint = sesEventSchema.parse({
      ...documentedBounce,
      eventType: "Complaint",
      bounce: undefined,
      complaint: { complainedRecipients: [], complaintFeedbackType: "abuse" },
    });
    expect(classify(complaint)).toEqual({
      action: "suppress",
      reason: "complaint",
      emails: ["recipient@example.com"],
      detail: "abuse",
    });
  });

  it("ignores a signature tag that is not a signature id", () => {
    const event = sesEventSchema.parse({
      ...documentedBounce,
      mail: { ...documentedBounce.mail, tags: { signature: ["../../etc"] } },
    });
    expect(taggedSignature(event)).toBeNull();
  });

  it("the local engine's events have the shape EventBridge delivers and the handler reads", () => {
    for (const type of ["bounce", "complaint", "delay", "reject"] as const) {
      const event = sesFeedbackEvent({ type, email: "someone@example.com" }, undefined);
      const parsed = eventBridgeSesEventSchema.parse(event);
      expect(parsed.source).toBe("aws.ses");
      const decision = classify(parsed.detail);
      expect(decision.action).toBe(type === "bounce" || type === "complaint" ? "suppress" : "count");
    }
  });
});

describe("the signature an outbox message is about", () => {
  it("is named in its data, or found in its confirmation link", () => {
    expect(signatureOf({ data: { signature_id: "1-1-abcdefghijklmnopqrstuv" } })).toBe(
      "1-1-abcdefghijklmnopqrstuv",
    );
    expect(
      signatureOf({
        data: { link: "https://p.example/signatures/7-2-abcdefghijklmnopqrstuv/verify?token=x" },
      }),
    ).toBe("7-2-abcdefghijklmnopqrstuv");
    expect(signatureOf({ data: { link: "https://p.example/petitions/7" } })).toBeUndefined();
  });
});
