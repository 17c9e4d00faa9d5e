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
 * - count an email:              Update ADD n, condition n < cap, on MAILCAP#<scope>#<email key> /
 *                                DAY#<today>; Update ADD n on DAY#<tomorrow> (TTL'd)
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

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

function counted(table: string, scope: string, emailKey: string, cap: number, now: Date) {
  const start = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  // Each counter is read on its own day and the one after; it expires a day later still.
  const expires = (dayStart: number) => Math.floor((dayStart + 3 * DAY_MS) / 1000);
  return [
    {
      Update: {
        TableName: table,
        Key: mailCapKey(scope, emailKey, dayOf(start)),
        UpdateExpression: "ADD n :one SET expiresAt = :expires",
        ConditionExpression: "attribute_not_exists(n) OR n < :cap",
        ExpressionAttributeValues: { ":one": 1, ":cap": cap, ":expires": expires(start) },
      },
    },
    {
      Update: {
        TableName: table,
        Key: mailCapKey(scope, emailKey, dayOf(start + DAY_MS)),
        UpdateExpression: "ADD n :one SET expiresAt = :expires",
        ExpressionAttributeValues: { ":one": 1, ":expires": expires(start + DAY_MS) },
      },
    },
  ];
}

/**
 * The writes that count one email to `emailKey` (the keyed hash of the canonical address) about
 * `petitionId`, for a TransactWriteItems list. The transaction fails on the first or the third
 * item when the address is over a cap: `isCapped` tells which items those are.
 */
export function mailCapWrites(
  table: string,
  emailKey: string,
  petitionId: number,
  caps: MailCaps,
  now: Date,
): Record<string, unknown>[] {
  return [
    ...counted(table, "all", emailKey, caps.perAddress, now),
    ...counted(table, `petition-${petitionId}`, emailKey, caps.perPetition, now),
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
