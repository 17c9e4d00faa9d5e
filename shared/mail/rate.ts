/**
 * The account send-rate budget in the table (the rule is shared/domain/mail-rate.ts): one small
 * counter item per second, counting every send and the transactional ones apart. A transactional
 * send adds itself and goes at once; a mass send takes a place only on condition that the
 * second's total is under the mass-mail ceiling, and otherwise waits for the next second. Every
 * mass-mail job shares the same items, so two jobs together still stay under the budget.
 *
 * Access patterns:
 * - count transactional sends:    UpdateItem ADD used, tx on MAILRATE#<epoch second> (a batch at once)
 * - the second before's demand:   GetItem MAILRATE#<epoch second - 1> (once per second per sender)
 * - take a mass-mail place:       UpdateItem ADD used, condition: used < ceiling
 */
import { setTimeout as sleep } from "node:timers/promises";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { type MailBudget, massMailCeiling } from "../domain/mail-rate.ts";

export const mailRateKey = (second: number) => ({ PK: `MAILRATE#${second}`, SK: "MAILRATE" });
/** The items are kept two minutes: only the current second and the one before are ever read. */
const KEEP_SECONDS = 120;

const secondOf = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Counts `count` transactional sends in this second, before they go. The stream consumer counts
 * its whole batch at once: one write per batch, not per email, so the second's item takes a
 * write per batch (at most 25 emails) and is no limit below 25,000 emails a second. A batch
 * that runs into the next second is counted in its first: the pacer, which leaves mass mail the
 * room the second before took, then leaves more than was needed, never less.
 */
export async function noteTransactionalSends(now: Date, count: number): Promise<void> {
  if (count <= 0) return;
  const second = secondOf(now);
  await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: mailRateKey(second),
      UpdateExpression: "ADD used :n, tx :n SET expiresAt = :expires",
      ExpressionAttributeValues: { ":n": count, ":expires": second + KEEP_SECONDS },
    }),
  );
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => sleep(ms),
};

/** A mass-mail sender's view of the budget: it remembers the second before's demand. */
export class MassMailPacer {
  private known: { second: number; transactional: number } | null = null;
  /** Seconds in which this pacer found the budget spent and waited. */
  waits = 0;

  constructor(
    private readonly budget: MailBudget,
    private readonly clock: Clock = realClock,
  ) {}

  private async transactionalBefore(second: number): Promise<number> {
    if (this.known?.second === second) return this.known.transactional;
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName(), Key: mailRateKey(second - 1), ProjectionExpression: "tx" }),
    );
    const transactional = typeof Item?.tx === "number" ? Item.tx : 0;
    this.known = { second, transactional };
    return transactional;
  }

  /** Waits until a mass email may go, and takes its place in the budget. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const second = secondOf(now);
      const ceiling = massMailCeiling(this.budget, await this.transactionalBefore(second));
      if (ceiling > 0) {
        const taken = await writeIf(() =>
          db.send(
            new UpdateCommand({
              TableName: tableName(),
              Key: mailRateKey(second),
              UpdateExpression: "ADD used :one SET expiresAt = :expires",
              ConditionExpression: "attribute_not_exists(used) OR used < :ceiling",
              ExpressionAttributeValues: {
                ":one": 1,
                ":ceiling": ceiling,
                ":expires": second + KEEP_SECONDS,
              },
            }),
          ),
        );
        if (taken) return;
      }
      this.waits += 1;
      await this.clock.sleep((second + 1) * 1000 - now.getTime());
    }
  }
}
