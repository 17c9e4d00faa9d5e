/**
 * What the public can make the service send one address: the emails a request to start, support
 * or sign a petition writes are capped per address per rolling day, across the service and per
 * petition, and a petition takes a bounded number of supporter sign-ups. Each cap is a
 * conditional counter written in the same transaction as the message, so racing requests
 * cannot overshoot it; a request over a cap writes nothing at all and is answered as usual.
 *
 * A rolling day without a read: every email counts in the counter of its UTC day and of the
 * next, and is allowed only while its own day's counter (yesterday's emails and today's) is
 * under the cap. So no 24 hours ever hold more than the cap, and the cap may look back up to
 * 48 hours.
 *
 * The first email of a signature (its confirmation, sent as it is taken) is counted per petition
 * by the signature itself, not by the counter: an address holds at most two signatures on a
 * petition, and each is created once, so the signatures created today or yesterday are the
 * first emails in the rolling day. A repeat request, which reads them anyway, checks the
 * counter against the cap less those; an address's first signature on a petition, the common
 * request, writes no per-petition counter at all.
 *
 * A message counted as it is sent (a new signature's own confirmation) is counted once however
 * often its send is retried: the count also adds the message's short key to the day's set
 * (`m<today>`), on condition that neither today's set nor yesterday's holds it. A retry finds it
 * there; only then does the sender read whether the earlier attempt got as far as sending. A
 * message moved to the sweeper's queue (shared/mail/requeue.ts) is recorded there as it moves.
 *
 * Access patterns:
 * - count an email:              Update ADD d<today>, d<tomorrow>, condition d<today> < cap, on
 *                                MAILCAP#<scope>#<email key> / DAYS (TTL'd), per scope: the
 *                                service ("all") and, for repeats, the petition
 * - count a message once:        the same Update on the service's counter, also ADD m<today>
 *                                {message key}, condition: in neither m<today> nor m<yesterday>;
 *                                when refused, GetItem (consistent) tells a retry from the cap
 * - a household's second signature: ConditionCheck d<today> < cap less first emails, on the
 *                                petition's counter
 * - count a supporter sign-up:   Update ADD n, condition n < cap, on SIGNUPS#<petition> / SPONSORS
 */
import { createHash } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { mailCapKey, sponsorSignupsKey } from "../db/keys.ts";

const DAY_MS = 86_400_000;

export interface MailCaps {
  /** Emails to one address in a rolling day, whatever the petition. */
  perAddress: number;
  /** Emails to one address about one petition in a rolling day. */
  perPetition: number;
}

export function mailCapsFrom(config: {
  MAIL_PER_ADDRESS_DAY: number;
  MAIL_PER_PETITION_DAY: number;
}): MailCaps {
  return { perAddress: config.MAIL_PER_ADDRESS_DAY, perPetition: config.MAIL_PER_PETITION_DAY };
}

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10).replace(/-/g, "");

const dayNames = (now: Date) => {
  const start = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const day = (offset: number) => `d${dayOf(start + offset * DAY_MS)}`;
  /** The set of messages counted at send on that day. */
  const sent = (offset: number) => `m${dayOf(start + offset * DAY_MS)}`;
  return { start, day, sent };
};

/**
 * One counter item per address and scope, with one attribute per UTC day (`d<yyyymmdd>`): an
 * email adds one to today's and tomorrow's, on condition that today's is under `cap`, and
 * drops the three days before (no longer read). The item expires two days after its last email.
 * With `once`, the message's key also joins today's set of messages counted at send, and the
 * sets before yesterday's are dropped; unless `retry` is allowed, on condition that no set of
 * the rolling day holds it yet.
 */
function counted(
  table: string,
  scope: string,
  emailKey: string,
  cap: number,
  now: Date,
  once?: { key: string; retry: "refused" | "allowed" },
) {
  const { start, day, sent: set } = dayNames(now);
  const underCap = "(attribute_not_exists(#today) OR #today < :cap)";
  return {
    Update: {
      TableName: table,
      Key: mailCapKey(scope, emailKey),
      UpdateExpression: once
        ? "ADD #today :one, #tomorrow :one, #sent :once SET expiresAt = :expires REMOVE #old1, #old2, #old3, #sentOld1, #sentOld2"
        : "ADD #today :one, #tomorrow :one SET expiresAt = :expires REMOVE #old1, #old2, #old3",
      ConditionExpression:
        once?.retry === "refused"
          ? `${underCap} AND NOT contains(#sent, :key) AND NOT contains(#sentYesterday, :key)`
          : underCap,
      ExpressionAttributeNames: {
        "#today": day(0),
        "#tomorrow": day(1),
        "#old1": day(-1),
        "#old2": day(-2),
        "#old3": day(-3),
        ...(once ? { "#sent": set(0), "#sentOld1": set(-2), "#sentOld2": set(-3) } : {}),
        ...(once?.retry === "refused" ? { "#sentYesterday": set(-1) } : {}),
      },
      ExpressionAttributeValues: {
        ":one": 1,
        ":cap": cap,
        ":expires": Math.floor((start + 3 * DAY_MS) / 1000),
        ...(once ? { ":once": new Set([once.key]) } : {}),
        ...(once?.retry === "refused" ? { ":key": once.key } : {}),
      },
    },
  };
}

/** The counter's condition alone: one more email fits under `cap` today. Writes nothing. */
function checked(table: string, scope: string, emailKey: string, cap: number, now: Date) {
  return {
    ConditionCheck: {
      TableName: table,
      Key: mailCapKey(scope, emailKey),
      ConditionExpression: "attribute_not_exists(#today) OR #today < :cap",
      ExpressionAttributeNames: { "#today": dayNames(now).day(0) },
      ExpressionAttributeValues: { ":cap": cap },
    },
  };
}

/**
 * First emails in the rolling day that ends `now`: signatures (of one address on one petition)
 * created today or yesterday (UTC), as the counter's own day holds yesterday's emails and today's.
 */
export function firstEmailsInRollingDay(createdAt: readonly string[], now: Date): number {
  const { day } = dayNames(now);
  const window = new Set([day(0), day(-1)]);
  return createdAt.filter((at) => window.has(`d${dayOf(Date.parse(at))}`)).length;
}

const petitionScope = (petitionId: number) => `petition-${petitionId}`;

/**
 * The writes that count one email to `emailKey` (the keyed hash of the canonical address) about
 * `petitionId`, for a TransactWriteItems list; the transaction fails on one of them when the
 * address is over a cap, and `null` means it is over one already.
 *
 * - `first: "only"`: the address's first signature on the petition; its email is counted per
 *   petition by the signature it creates, so only the service-wide counter is written.
 * - `first: "another"`: a household's second signature; its email is counted by the signature
 *   too, but must fit under the per-petition cap with the `firsts` and the counter's repeats.
 * - `first: "no"`: a repeat (a resend or an "already signed" note): counted per petition.
 */
export function mailCapWrites(
  table: string,
  emailKey: string,
  petitionId: number,
  caps: MailCaps,
  now: Date,
  email: { first: "only" | "another" | "no"; firsts: number } = { first: "no", firsts: 0 },
): Record<string, unknown>[] | null {
  const service = addressCapWrite(table, emailKey, caps, now);
  if (email.first === "only") return [service];
  // The first emails already sent today and yesterday take their places under the cap.
  const left = caps.perPetition - email.firsts;
  if (left <= 0) return null;
  const scope = petitionScope(petitionId);
  return [
    service,
    email.first === "another"
      ? checked(table, scope, emailKey, left, now)
      : counted(table, scope, emailKey, left, now),
  ];
}

/** What counting a message at send came to: counted now, counted by an earlier attempt, or over the cap. */
export type CountedOnce = "counted" | "counted_before" | "capped";

/** A message's key in the sets of messages counted at send: short, so the counter stays under 1 KB. */
export const onceKey = (messageId: string) =>
  createHash("sha256").update(messageId).digest("base64url").slice(0, 16);

/**
 * Counts one email to `emailKey` against the service-wide cap on its own, once per message, for a
 * message counted as it is sent rather than when it was written (a new signature's confirmation,
 * shared/mail/signature-mail.ts). A retry of the same message is told apart from an address over
 * the cap by reading the counter, which happens only when the count is refused.
 */
export async function countAddressEmailOnce(
  emailKey: string,
  messageId: string,
  caps: MailCaps,
  now: Date,
): Promise<CountedOnce> {
  const table = tableName();
  const key = onceKey(messageId);
  const write = counted(table, "all", emailKey, caps.perAddress, now, { key, retry: "refused" });
  if (await writeIf(() => db.send(new UpdateCommand(write.Update)))) return "counted";
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: write.Update.Key, ConsistentRead: true }),
  );
  const { sent } = dayNames(now);
  const holds = (offset: number) => {
    const set = Item?.[sent(offset)];
    return set instanceof Set && set.has(key);
  };
  return holds(0) || holds(-1) ? "counted_before" : "capped";
}

/**
 * The write that counts one email to `emailKey` against the service-wide cap, for a transaction.
 * With `messageId` (a signature's own email moving to the outbox), the message is also recorded
 * as counted, so a sender that meets it afterwards reads whether it was settled before sending.
 */
export const addressCapWrite = (
  table: string,
  emailKey: string,
  caps: MailCaps,
  now: Date,
  messageId?: string,
) =>
  counted(
    table,
    "all",
    emailKey,
    caps.perAddress,
    now,
    messageId ? { key: onceKey(messageId), retry: "allowed" } : undefined,
  );

/** The write that counts one more supporter sign-up on a petition, refused past `cap`. */
export function sponsorSignupWrite(table: string, petitionId: number, cap: number) {
  return {
    Update: {
      TableName: table,
      Key: sponsorSignupsKey(petitionId),
      UpdateExpression: "ADD n :one",
      ConditionExpression: "attribute_not_exists(n) OR n < :cap",
      ExpressionAttributeValues: { ":one": 1, ":cap": cap },
    },
  };
}
