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
 * Access patterns:
 * - count an email:              Update ADD d<today>, d<tomorrow>, condition d<today> < cap, on
 *                                MAILCAP#<scope>#<email key> / DAYS (TTL'd), per scope: the
 *                                service ("all") and the petition
 * - count a supporter sign-up:   Update ADD n, condition n < cap, on SIGNUPS#<petition> / SPONSORS
 */
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

/**
 * One counter item per address and scope, with one attribute per UTC day (`d<yyyymmdd>`): an
 * email adds one to today's and tomorrow's, on condition that today's is under the cap, and
 * drops the three days before (no longer read). The item expires two days after its last email.
 */
function counted(table: string, scope: string, emailKey: string, cap: number, now: Date) {
  const start = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const day = (offset: number) => `d${dayOf(start + offset * DAY_MS)}`;
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

/**
 * The writes that count one email to `emailKey` (the keyed hash of the canonical address) about
 * `petitionId`, for a TransactWriteItems list; the transaction fails on one of them when the
 * address is over a cap.
 */
export function mailCapWrites(
  table: string,
  emailKey: string,
  petitionId: number,
  caps: MailCaps,
  now: Date,
): Record<string, unknown>[] {
  return [
    counted(table, "all", emailKey, caps.perAddress, now),
    counted(table, `petition-${petitionId}`, emailKey, caps.perPetition, now),
  ];
}

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
