/**
 * A new signature that carries its own confirmation email. The public's first signature on a
 * petition, the common request, is one conditional Put: the signature holds the token its link
 * needs (`mail_token`, removed once the email is sent or withheld), and its insert on the stream
 * is the message SendMail sends. No outbox item, no transaction: the email is counted against
 * the address's daily cap as it is sent, once however often it is retried (caps.ts
 * `countAddressEmailOnce`), and one over the cap is withheld, so the cap holds as it does for
 * every other message; the per-petition cap counts this first email by the signature itself
 * (caps.ts). Because the count knows a retry, the sender reads the signature only on one.
 *
 * A message the stream consumer gives up on becomes an outbox message in the sweeper's queue
 * (requeue.ts), counted then, in the same transaction that takes the token off the signature.
 *
 * Access patterns:
 * - is it settled?    GetItem SIGNATURE#<petition>#<email key> / SLOT#<n>, consistent, mail_token
 *                     only: on a retry of a message counted before, not otherwise
 * - mark it sent:     UpdateItem SET mail_sent_at REMOVE mail_token, condition: mail_token exists
 * - withhold it:      UpdateItem SET mail_withheld_at, mail_withheld_reason REMOVE mail_token, same condition
 * - count it:         UpdateItem MAILCAP#all#<email key> (caps.ts)
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { recentPetition } from "../petitions/petition-cache.ts";
import * as z from "../zod.ts";
import { countAddressEmailOnce, type MailCaps } from "./caps.ts";
import type { MessageStore } from "./deliver.ts";
import { type OutboxMessage, recordSend } from "./outbox.ts";
import type { TemplateName } from "./template-names.ts";

/** The attribute a signature carries its confirmation token in until its email is settled. */
export const MAIL_TOKEN = "mail_token";

/** What a new signature's stream image must hold to be its own message. */
export const signatureMailSchema = z.object({
  entity: z.literal("SIGNATURE"),
  PK: z.string(),
  SK: z.string(),
  id: z.string().check(z.minLength(1)),
  petition_id: z.number().check(z.int()),
  kind: z.enum(["creator", "sponsor", "signer"]),
  name: z.string(),
  email: z.email(),
  created_at: z.string(),
  mail_token: z.string().check(z.minLength(1)),
});
export type SignatureMail = z.output<typeof signatureMailSchema>;

export const confirmTemplate: Record<SignatureMail["kind"], TemplateName> = {
  creator: "confirm_petition",
  sponsor: "confirm_sponsor",
  signer: "confirm_signature",
};

export const verifyLink = (publicUrl: string, id: string, token: string) =>
  `${publicUrl}/signatures/${id}/verify?token=${token}`;

/** The email a new signature is owed, as an outbox message would hold it. */
export function messageOf(signature: SignatureMail, action: string, publicUrl: string): OutboxMessage {
  return {
    entity: "OUTBOX",
    id: signature.id,
    template: confirmTemplate[signature.kind],
    to: signature.email,
    data: {
      petition_id: signature.petition_id,
      action,
      name: signature.name,
      link: verifyLink(publicUrl, signature.id, signature.mail_token),
    },
    petition_id: signature.petition_id,
    created_at: signature.created_at,
  };
}

/** The email a new signature is owed, its petition's action read through this instance's cache. */
export async function owedMessage(
  signature: SignatureMail,
  publicUrl: string,
  now = new Date(),
): Promise<OutboxMessage> {
  const petition = await recentPetition(signature.petition_id, now);
  if (!petition) throw new Error(`signature ${signature.id} names no petition`);
  return messageOf(signature, petition.action, publicUrl);
}

/** The email key a signature's partition is named by (`SIGNATURE#<petition>#<email key>`). */
export function emailKeyOfSignature(pk: string): string {
  const key = pk.split("#")[2];
  if (!key) throw new Error("not a signature's key");
  return key;
}

/**
 * The Update that settles a signature's own email, however: sets `set` (with its `values`) and
 * takes the token off, on condition that the signature still holds it. One such write wins.
 */
export function settleUpdate(
  key: { PK: string; SK: string },
  set: string,
  values: Record<string, unknown>,
  table = tableName(),
) {
  return {
    TableName: table,
    Key: key,
    UpdateExpression: `SET ${set} REMOVE ${MAIL_TOKEN}`,
    ConditionExpression: `attribute_exists(${MAIL_TOKEN})`,
    ExpressionAttributeValues: values,
  };
}

/** A signature as the store of its own confirmation email. */
export function signatureStore(
  signature: Pick<SignatureMail, "PK" | "SK" | "id">,
  caps: MailCaps,
): MessageStore {
  const Key = { PK: signature.PK, SK: signature.SK };
  return {
    async state() {
      const { Item } = await db.send(
        new GetCommand({
          TableName: tableName(),
          Key,
          ConsistentRead: true,
          ProjectionExpression: MAIL_TOKEN,
        }),
      );
      // Sent, withheld, or moved to the outbox: the token is gone either way.
      return { settled: !Item?.[MAIL_TOKEN], queuedAt: null };
    },
    claim() {
      // Never in the sweeper's queue, so the stream consumer never needs a claim (deliver.ts).
      return Promise.reject(new Error("a signature's own email is sent by the stream consumer alone"));
    },
    release: async () => {},
    async markSent(_messageId, now) {
      await recordSend(() =>
        db.send(new UpdateCommand(settleUpdate(Key, "mail_sent_at = :now", { ":now": now.toISOString() }))),
      );
    },
    markWithheld(reason, now) {
      return writeIf(() =>
        db.send(
          new UpdateCommand(
            settleUpdate(Key, "mail_withheld_at = :now, mail_withheld_reason = :reason", {
              ":now": now.toISOString(),
              ":reason": reason,
            }),
          ),
        ),
      );
    },
    count: (now) => countAddressEmailOnce(emailKeyOfSignature(signature.PK), signature.id, caps, now),
  };
}
