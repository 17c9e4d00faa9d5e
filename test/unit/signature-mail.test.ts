/**
 * A new signature that carries its own confirmation email: the message it is owed, built from
 * its stream image, is the one an outbox message would have held.
 */
import { describe, expect, it } from "vitest";
import { emailKeyOfSignature, messageOf, signatureMailSchema } from "../../shared/mail/signature-mail.ts";

const image = {
  entity: "SIGNATURE",
  PK: "SIGNATURE#42#AbCdEfGhIjKlMnOpQrStUv",
  SK: "SLOT#1",
  id: "42-1-AbCdEfGhIjKlMnOpQrStUv",
  petition_id: 42,
  kind: "signer",
  name: "Ada Lovelace",
  email: "ada@example.com",
  created_at: "2026-12-07T10:00:00.000Z",
  mail_token: "a2V5.pXYZ.mac",
  // Fields the message does not need are left out of it.
  ip: "203.0.113.9",
  token_hashes: ["h"],
};

describe("a signature's own confirmation email", () => {
  it("is the confirmation an outbox message would hold: template, address, petition, name and link", () => {
    const signature = signatureMailSchema.parse(image);
    const message = messageOf(signature, "Plant more trees", "https://petitions.example.org");
    expect(message).toEqual({
      entity: "OUTBOX",
      id: image.id,
      template: "confirm_signature",
      to: "ada@example.com",
      data: {
        petition_id: 42,
        action: "Plant more trees",
        name: "Ada Lovelace",
        link: `https://petitions.example.org/signatures/${image.id}/verify?token=a2V5.pXYZ.mac`,
      },
      petition_id: 42,
      created_at: image.created_at,
    });
    expect(JSON.stringify(message)).not.toContain("203.0.113.9");
  });

  it("is owed only while the signature holds its token", () => {
    const { mail_token: _, ...sent } = image;
    expect(signatureMailSchema.safeParse(sent).success).toBe(false);
  });

  it("counts against the caps of the address its partition is named by", () => {
    expect(emailKeyOfSignature(image.PK)).toBe("AbCdEfGhIjKlMnOpQrStUv");
    expect(() => emailKeyOfSignature("PETITION#42")).toThrow();
  });
});
