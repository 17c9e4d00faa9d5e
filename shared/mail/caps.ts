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
 * Access patterns:
 * - count an email:              Update ADD d<today>, d<tomorrow>, condition d<today> < cap, on
 *                                MAILCAP#<scope>#<email key> / DAYS (TTL'd), per scope: the
 *                                service ("all") and, for repeats, the petition
 * - a household's second signature: ConditionCheck d<today> < cap less first emails, on the
 *                                petition's counter
 * - count a supporter sign-up:   Update ADD n, condition n < cap, on SIGNUPS#<petition> / SPONSORS
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
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
  return { start, day };
};

/**
 * One counter item per address and scope, with one attribute per UTC day (`d<yyyymmdd>`): an
 * email adds one to today's and tomorrow's, on condition that today's is under `cap`, and
 * drops the three days before (no longer read). The item expires two days after its last email.
 */
function counted(table: string, scope: string, emailKey: string, cap: number, now: Date) {
  const { start, day } = dayNames(now);
  return {
    Update: {
      TableName: table,
      Key: mailCapKey(scope, emailKey),
      UpdateExpression: "ADD #today :one, #tomorrow :one SET expiresAt = :expires REMOVE #old1, #old2, #old3",
      ConditionExpression: "attribute_not_exists(#today) OR #today < :cap",
      ExpressionAttributeNames: {
        "#today": day(0),
        "#tomorrow": day(1),
        "#old1": day(-1),
        "#old2": day(-2),
        "#old3": day(-3),
      },
      ExpressionAttributeValues: {
        ":one": 1,
        ":cap": cap,
        ":expires": Math.floor((start + 3 * DAY_MS) / 1000),
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

/**
 * Counts one email to `emailKey` against the service-wide cap on its own, for a message counted
 * as it is sent rather than when it was written (a new signature's confirmation,
 * shared/mail/signature-mail.ts); false when the address is over the cap.
 */
export async function countAddressEmail(emailKey: string, caps: MailCaps, now: Date): Promise<boolean> {
  return writeIf(() => db.send(new UpdateCommand(addressCapWrite(tableName(), emailKey, caps, now).Update)));
}

/** The write that counts one email to `emailKey` against the service-wide cap, for a transaction. */
export const addressCapWrite = (table: string, emailKey: string, caps: MailCaps, now: Date) =>
  counted(table, "all", emailKey, caps.perAddress, now);

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
