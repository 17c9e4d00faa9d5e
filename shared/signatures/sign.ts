/**
 * Taking a signature (a creator's, a supporter's or the public's) as petition.parliament.uk
 * does: one email may sign a petition twice at most, the second time only with a different name
 * at the same postcode; a repeat gets an email, never a different answer. Uniqueness is held by
 * the keys (one partition per petition and canonical email, slots 1 and 2) and transaction
 * conditions, so two requests racing cannot both win a slot.
 *
 * Access patterns:
 * - both slots of one email on one petition:   Query  SIGNATURE#<petition>#<email key>, only
 *                                               after taking slot 1 unread has failed
 * - the public's first signature:              Put, condition: slot 1 empty; the signature
 *                                               carries its own email (shared/mail/signature-mail.ts)
 * - take a slot otherwise:                      Put, condition: slot empty, with an outbox message
 *                                               and the address's service-wide mail counter (+
 *                                               ConditionChecks on slot 1 and the petition's mail
 *                                               counter for a household's second signature)
 * - resend to a pending or signed slot:         Update, condition: fewer than 5 emails sent, with
 *                                               both mail counters (shared/mail/caps.ts)
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { isConditionFailed } from "../db/conditional.ts";
import { shardOf, signatureKey } from "../db/keys.ts";
import { canonicalEmail, normaliseEmailForStorage } from "../domain/email.ts";
import { isNorthernIreland } from "../domain/postcode.ts";
import type { UkData } from "../geo/uk-data.ts";
import { firstEmailsInRollingDay, type MailCaps, mailCapWrites } from "../mail/caps.ts";
import { type NewMessage, outboxPut } from "../mail/outbox.ts";
import { confirmTemplate, MAIL_TOKEN, verifyLink } from "../mail/signature-mail.ts";
import type { TemplateName } from "../mail/templates.ts";
import { recordMetric } from "../metrics.ts";
import { type SignatureKind, type SignatureRecord, signatureId } from "./model.ts";
import { searchIndexKeys } from "./search-keys.ts";
import { signersPartition } from "./store.ts";
import type { Signer } from "./submitted-fields.ts";
import { emailKeyOf, hashToken, mintToken, newToken } from "./tokens.ts";

export const MAX_EMAILS_PER_SIGNATURE = 5;

export interface SignRequest {
  petitionId: number;
  action: string;
  signer: Signer;
  kind: SignatureKind;
  ip: string;
  /** Over a rate limit or on a block list: stored, mailed, never counted. */
  fraudulent: boolean;
  now: Date;
  publicUrl: string;
  data: UkData;
  signerShards: number;
  /** Days an unconfirmed signature is kept. */
  unconfirmedTtlDays: number;
  /** What the public can make the service send one address. */
  caps: MailCaps;
  /** Is `name+tag@` the same signer as `name@` (the EMAIL_STRIP_PLUS_TAG setting; default true)? */
  stripPlusTag?: boolean;
  /** Counters a new signature must pass (supporter sign-ups): one refusing writes nothing (`capped`). */
  gates?: Record<string, unknown>[];
  /** Extra writes that must land with a new signature (the creator's petition item), given its id. */
  prepare?: (signatureId: string) => Record<string, unknown>[];
}

export type SignOutcome =
  | { kind: "new"; signature: SignatureRecord; token: string }
  | { kind: "resent" | "duplicate" | "suppressed"; signatureId: string }
  /** Over a cap on what the service sends: nothing was written and nothing sent. */
  | { kind: "capped" };

/** e-petitions compares names by their parameterised form: case, spacing and punctuation aside. */
export const nameKey = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Where the signer is: constituency and region from the postcode, Northern Ireland by prefix. */
export function placeOf(
  signer: Signer,
  data: UkData,
): { constituency: string | null; region: string | null } {
  if (signer.location !== "GB" || !signer.postcode) return { constituency: null, region: null };
  if (isNorthernIreland(signer.postcode))
    return { constituency: null, region: data.northernIrelandRegion().code };
  const constituency = data.constituencyForPostcode(signer.postcode);
  return { constituency: constituency?.onsCode ?? null, region: constituency?.regionCode ?? null };
}

async function readSlots(petitionId: number, emailKey: string): Promise<SignatureRecord[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": signatureKey(petitionId, emailKey, 1).PK },
      ConsistentRead: true,
    }),
  );
  return ((Items ?? []) as SignatureRecord[]).sort((a, b) => a.slot - b.slot);
}

function message(request: SignRequest, template: TemplateName, data: Record<string, unknown>): NewMessage {
  return {
    template,
    to: normaliseEmailForStorage(request.signer.email),
    petitionId: request.petitionId,
    data: { petition_id: request.petitionId, action: request.action, name: request.signer.name, ...data },
  };
}

function newSignature(request: SignRequest, emailKey: string, slot: number, token: string) {
  const id = signatureId(request.petitionId, slot, emailKey);
  const place = placeOf(request.signer, request.data);
  const record: SignatureRecord = {
    entity: "SIGNATURE",
    id,
    petition_id: request.petitionId,
    slot,
    kind: request.kind,
    name: request.signer.name,
    email: normaliseEmailForStorage(request.signer.email),
    postcode: request.signer.postcode,
    location: request.signer.location,
    ...place,
    ip: request.ip,
    state: request.fraudulent ? "fraudulent" : "pending",
    notify_by_email: request.signer.notify_by_email,
    token_hashes: [hashToken(token)],
    unsubscribe_token: newToken(),
    email_count: 1,
    created_at: request.now.toISOString(),
  };
  const expiresAt = Math.floor(request.now.getTime() / 1000) + request.unconfirmedTtlDays * 86_400;
  return { record, item: signatureItem(record, emailKey, request.signerShards, expiresAt) };
}

/**
 * The stored item for a signature: its record under its key, the name key duplicates are judged
 * by, its place in the signers and staff-search indexes, and (while unconfirmed) when it expires.
 */
export function signatureItem(
  record: SignatureRecord,
  emailKey: string,
  signerShards: number,
  expiresAt?: number,
) {
  return {
    ...signatureKey(record.petition_id, emailKey, record.slot),
    ...record,
    name_key: nameKey(record.name),
    signersPK: signersPartition(record.petition_id, shardOf(record.id, signerShards)),
    signersSK: record.id,
    ...searchIndexKeys(record, emailKey),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/**
 * Does a new signature carry its own confirmation email (shared/mail/signature-mail.ts)? The
 * public's first signature on a petition does; a household's second signature (checked against
 * the first), and a creator's or supporter's (written with the petition or its sign-up
 * counter), go with an outbox message in one transaction, as repeats do.
 */
const carriesItsOwnEmail = (request: SignRequest, slot: number) =>
  slot === 1 && request.kind === "signer" && !request.prepare && (request.gates ?? []).length === 0;

/** Which slot a request takes, or which existing signature it repeats. */
function decide(slots: SignatureRecord[], signer: Signer): { take: number } | { repeat: SignatureRecord } {
  const [first, second] = slots;
  if (!first) return { take: 1 };
  const sameName = (s: SignatureRecord) => nameKey(s.name) === nameKey(signer.name);
  if (second) return { repeat: sameName(second) ? second : first };
  if (sameName(first) || first.postcode !== signer.postcode) return { repeat: first };
  return { take: 2 };
}

/** Did a cap (items `from` to `from + count - 1` of the transaction) fail with this code? */
function failedAt(
  error: TransactionCanceledException,
  from: number,
  count: number,
  code: "ConditionalCheckFailed" | "TransactionConflict",
): boolean {
  return (error.CancellationReasons ?? []).slice(from, from + count).some((reason) => reason.Code === code);
}

export async function sign(request: SignRequest): Promise<SignOutcome> {
  const canonical = canonicalEmail(request.signer.email, { stripPlusTag: request.stripPlusTag ?? true });
  const emailKey = emailKeyOf(canonical, request.petitionId);
  const table = tableName();
  // Every outbox message this request writes is counted against the recipient's caps, in its
  // transaction; a signature that carries its own email is counted as the email is sent.
  const capsFor = (slots: readonly SignatureRecord[], first: "only" | "another" | "no") =>
    mailCapWrites(table, emailKey, request.petitionId, request.caps, request.now, {
      first,
      firsts: firstEmailsInRollingDay(
        slots.map((s) => s.created_at),
        request.now,
      ),
    });
  let caps: Record<string, unknown>[] = [];
  let capsAt = 0;
  let capCount = 0;
  // Many requests naming one address at once contend for its counters: past the retries, such a
  // request is one more the caps exist to stop, so it is answered as usual and sends nothing.
  // (A petition's sign-up counter is not the address's, so contention there still fails loudly.)
  let contended = false;
  // Most requests are an address's first signature: the first round takes slot 1 without
  // reading, on its condition that the slot is empty; a repeat or a household's second signer
  // fails it and reads. A lost race re-reads and decides again; two rounds settle any pair.
  for (let attempt = 0; attempt < 5; attempt++) {
    const slots = attempt === 0 ? [] : await readSlots(request.petitionId, emailKey);
    const decision = decide(slots, request.signer);
    try {
      if ("take" in decision) {
        const token = mintToken(signatureId(request.petitionId, decision.take, emailKey), request.kind);
        const { record, item } = newSignature(request, emailKey, decision.take, token);
        if (carriesItsOwnEmail(request, decision.take)) {
          // The common request: one conditional Put, the signature its own message.
          await db.send(
            new PutCommand({
              TableName: table,
              Item: { ...item, [MAIL_TOKEN]: token },
              ConditionExpression: "attribute_not_exists(PK)",
            }),
          );
          recordMetric(request.fraudulent ? "SignatureShadowBanned" : "SignatureAccepted");
          return { kind: "new", signature: record, token };
        }
        const link = verifyLink(request.publicUrl, record.id, token);
        const first = slots[0];
        const own = request.prepare?.(record.id) ?? [];
        const counted = capsFor(slots, decision.take === 2 && first ? "another" : "only");
        if (!counted) return { kind: "capped" };
        caps = counted;
        const gates = [...caps, ...(request.gates ?? [])];
        capsAt = decision.take === 2 && first ? 3 : 2;
        capCount = gates.length;
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: item, ConditionExpression: "attribute_not_exists(PK)" } },
              ...(decision.take === 2 && first
                ? [
                    {
                      ConditionCheck: {
                        TableName: table,
                        Key: signatureKey(request.petitionId, emailKey, 1),
                        ConditionExpression: "name_key <> :nk AND postcode = :pc",
                        ExpressionAttributeValues: {
                          ":nk": nameKey(request.signer.name),
                          ":pc": request.signer.postcode,
                        },
                      },
                    },
                  ]
                : []),
              outboxPut(message(request, confirmTemplate[request.kind], { link }), request.now, table),
              ...gates,
              ...own,
            ],
          }),
        );
        recordMetric(request.fraudulent ? "SignatureShadowBanned" : "SignatureAccepted");
        return { kind: "new", signature: record, token };
      }
      const existing = decision.repeat;
      if (existing.email_count >= MAX_EMAILS_PER_SIGNATURE)
        return { kind: "suppressed", signatureId: existing.id };
      // A shadow-banned signature is mailed as if it were pending, so nothing gives it away.
      const pending = existing.state === "pending" || existing.state === "fraudulent";
      const counted = capsFor(slots, "no");
      if (!counted) return { kind: "capped" };
      caps = counted;
      const token = mintToken(existing.id, existing.kind);
      const outbox = pending
        ? message(request, confirmTemplate[existing.kind], {
            link: verifyLink(request.publicUrl, existing.id, token),
          })
        : message(request, "duplicate_signature", {});
      capsAt = 2;
      capCount = caps.length;
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: signatureKey(request.petitionId, emailKey, existing.slot),
                UpdateExpression: pending
                  ? "SET email_count = email_count + :one, token_hashes = list_append(token_hashes, :hash)"
                  : "SET email_count = email_count + :one",
                ConditionExpression: "email_count = :count AND #state = :state",
                ExpressionAttributeNames: { "#state": "state" },
                ExpressionAttributeValues: {
                  ":one": 1,
                  ":count": existing.email_count,
                  ":state": existing.state,
                  ...(pending ? { ":hash": [hashToken(token)] } : {}),
                },
              },
            },
            outboxPut(outbox, request.now, table),
            ...caps,
          ],
        }),
      );
      if (request.fraudulent) recordMetric("SignatureShadowBanned");
      return { kind: pending ? "resent" : "duplicate", signatureId: existing.id };
    } catch (error) {
      // Slot 1 taken meanwhile (a repeat, a household's second signer, a race): read and decide.
      if (isConditionFailed(error)) continue;
      if (error instanceof TransactionCanceledException) {
        if (failedAt(error, capsAt, capCount, "ConditionalCheckFailed")) return { kind: "capped" };
        contended = failedAt(error, capsAt, caps.length, "TransactionConflict");
        // The caller's own writes (last in the list) failing is not a race this loop can settle.
        const reasons = error.CancellationReasons ?? [];
        const own = request.prepare ? request.prepare("-").length : 0;
        if (own > 0 && reasons.slice(reasons.length - own).some((r) => r.Code === "ConditionalCheckFailed")) {
          throw error;
        }
        continue;
      }
      throw error;
    }
  }
  if (contended) return { kind: "capped" };
  throw new Error("Could not settle a signature after repeated conflicts");
}
