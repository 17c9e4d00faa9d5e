/**
 * The creator's "Someone supported" email (e-petitions' sponsor_signed_email_below_threshold):
 * one for each supporter who confirms while the petition still needs supporters. The supporter
 * who reaches the threshold gets the counter's "Your petition has N supporters" email instead
 * (shared/signatures/count-write.ts).
 *
 * Each confirmation takes the next number from the petition's own tally of confirmed
 * supporters, in the same transaction as the confirmation and the email, on condition that the
 * tally is still what it read: two supporters confirming at once get different numbers, and a
 * confirmation that does not land sends nothing. So the creator hears once per supporter, and
 * the figure in each email is exact, whatever the counter's lag.
 *
 * Access pattern: GetItem SUPPORTED#<petition> / CONFIRMED, then a transaction of the
 * confirmation, the tally's conditional Put and the outbox message.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { COLLECTING_SPONSORS, inState } from "../domain/petition-state.ts";
import { type NewMessage, outboxPut } from "../mail/outbox.ts";
import type { PetitionRecord } from "../petitions/model.ts";
import { confirmUpdate, getCreator } from "./store.ts";

const tallyKey = (petitionId: number) => ({ PK: `SUPPORTED#${petitionId}`, SK: "CONFIRMED" });

/** The email for the `count`th confirmed supporter, or null from the threshold on. Pure. */
export function supportedMail(
  petition: Pick<PetitionRecord, "id" | "action">,
  creator: { email: string; name: string },
  count: number,
  moderationThreshold: number,
): NewMessage | null {
  if (count >= moderationThreshold) return null;
  return {
    template: "sponsor_signed",
    to: creator.email,
    petitionId: petition.id,
    data: { petition_id: petition.id, action: petition.action, name: creator.name, sponsor_count: count },
  };
}

/**
 * Confirms a supporter's signature and, below the threshold, emails the creator in the same
 * transaction. Returns false when the tally moved first (the caller tries again); throws what
 * the confirmation's own condition throws.
 */
async function confirmOnce(
  id: string,
  petition: PetitionRecord,
  moderationThreshold: number,
  now: Date,
): Promise<boolean> {
  const table = tableName();
  const creator = await getCreator(petition);
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: tallyKey(petition.id), ConsistentRead: true }),
  );
  const seen = Number(Item?.count ?? 0);
  const mail = creator ? supportedMail(petition, creator, seen + 1, moderationThreshold) : null;
  if (!mail) {
    await db.send(new TransactWriteCommand({ TransactItems: [confirmUpdate(id, now, table)] }));
    return true;
  }
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          confirmUpdate(id, now, table),
          {
            Put: {
              TableName: table,
              Item: { ...tallyKey(petition.id), entity: "SUPPORTED", count: seen + 1 },
              ConditionExpression: Item ? "#count = :seen" : "attribute_not_exists(PK)",
              ExpressionAttributeNames: Item ? { "#count": "count" } : undefined,
              ExpressionAttributeValues: Item ? { ":seen": seen } : undefined,
            },
          },
          outboxPut(mail, now, table),
        ],
      }),
    );
    return true;
  } catch (error) {
    const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
    const tallyMoved =
      reasons[1]?.Code === "ConditionalCheckFailed" || reasons[1]?.Code === "TransactionConflict";
    if (tallyMoved && reasons[0]?.Code !== "ConditionalCheckFailed") return false;
    throw error;
  }
}

/**
 * A supporter's confirmation while the petition collects supporters: with the creator's email
 * when it is below the threshold. Any other confirmation is the confirmation alone.
 */
export async function confirmSupporter(
  id: string,
  petition: PetitionRecord,
  moderationThreshold: number | undefined,
  now: Date,
): Promise<void> {
  if (moderationThreshold === undefined || !inState(petition.state, COLLECTING_SPONSORS)) {
    await db.send(new TransactWriteCommand({ TransactItems: [confirmUpdate(id, now)] }));
    return;
  }
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await confirmOnce(id, petition, moderationThreshold, now)) return;
  }
  // Ten supporters confirmed in between: confirm without the email rather than fail the person.
  await db.send(new TransactWriteCommand({ TransactItems: [confirmUpdate(id, now)] }));
}
