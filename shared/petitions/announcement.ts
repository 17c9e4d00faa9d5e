/**
 * The dissolution announcement (e-petitions' NotifyPetitionsThatParliamentIsDissolvingJob), one
 * email per person however many open petitions they signed: it names up to five and says how
 * many more (shared/domain/dissolution.ts).
 *
 * Two steps, each resumable, run by the closing schedule once a sysadmin has asked for it:
 * 1. Gather: every subscribed signer of every open petition is written under their person key
 *    (the keyed hash of their canonical email, shared/signatures/subscribers.ts). Puts are
 *    idempotent, so a gathering cut short is simply run again.
 * 2. Send: each person not yet sent gets one outbox message, written in the same transaction as
 *    the mark that they were sent, on condition they were not: exactly once per person, whatever
 *    is retried. The outbox sends it (SendMail, with the suppression list and the send rate).
 *
 * Access patterns:
 * - a person:                  Put ANNOUNCE#<parliament> / PERSON#<person key>
 * - a person's petitions:      Put ANNOUNCE#<parliament>#<person key> / PETITION#<id>;
 *                              Query Limit 5 (the ones named), Query Select COUNT (how many)
 * - the people not yet sent:   Query ANNOUNCE#<parliament>, filtered to no sent_at, a page at a time
 * - sent:                      TransactWrite: the outbox message + Update PERSON SET sent_at
 *
 * Cost, per person signed up to n open petitions: gathering 2n writes (n person puts, n petition
 * puts) and reads the signer index; sending 1 person read in the page, 2 Queries (up to 5 items,
 * then a count of n), one transaction of 2 writes, then the outbox's own send.
 */
import { PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { pad, statePartition } from "../db/keys.ts";
import { partitionQuery, queryPages } from "../db/query.ts";
import { announcementList } from "../domain/dissolution.ts";
import { canonicalEmail } from "../domain/email.ts";
import { outboxPut } from "../mail/outbox.ts";
import { subscribersOf } from "../signatures/subscribers.ts";
import { emailKeyOf } from "../signatures/tokens.ts";
import { currentParliament, type Parliament, recordAnnouncement } from "./parliament.ts";

const peopleKey = (parliament: number) => `ANNOUNCE#${parliament}`;
const personKey = (parliament: number, person: string) => ({
  PK: peopleKey(parliament),
  SK: `PERSON#${person}`,
});
const personPetitions = (parliament: number, person: string) => `ANNOUNCE#${parliament}#${person}`;

/**
 * The same for every address that signs as the same person, whatever the petition: the keyed
 * hash under the newest key of the canonical email (`+tags` and gmail dots aside). A signature's
 * own key part stays under the key in force for its petition, so it can differ between petitions.
 */
const personKeyOf = (email: string): string => emailKeyOf(canonicalEmail(email, { stripPlusTag: true }));

export interface AnnouncementRun {
  parliament: number;
  gathered: number;
  sent: number;
}

async function gather(parliament: number, shards: number): Promise<number> {
  let gathered = 0;
  const byState = partitionQuery("byState", statePartition("open"), false);
  const open = queryPages({
    ...byState,
    ProjectionExpression: "id, #action",
    ExpressionAttributeNames: { ...byState.ExpressionAttributeNames, "#action": "action" },
    Limit: 100,
  });
  for await (const petitions of open) {
    for (const petition of petitions) {
      const id = Number(petition.id);
      for await (const signers of subscribersOf(id, shards)) {
        for (const signer of signers) {
          const person = personKeyOf(signer.email);
          // Once sent, a person stays sent.
          await writeIf(() =>
            db.send(
              new PutCommand({
                TableName: tableName(),
                Item: { ...personKey(parliament, person), email: signer.email, name: signer.name },
                ConditionExpression: "attribute_not_exists(sent_at)",
              }),
            ),
          );
          await db.send(
            new PutCommand({
              TableName: tableName(),
              Item: {
                PK: personPetitions(parliament, person),
                SK: `PETITION#${pad(id)}`,
                petition_id: id,
                action: String(petition.action),
              },
            }),
          );
          gathered++;
        }
      }
    }
  }
  return gathered;
}

/** Writes one person's email and marks them sent, together; false when already sent. */
async function sendOne(p: Parliament, person: string, to: string, now: Date): Promise<boolean> {
  const pk = personPetitions(p.number, person);
  const query = {
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": pk },
  };
  const [{ Items = [] }, { Count = 0 }] = await Promise.all([
    db.send(new QueryCommand({ ...query, Limit: 5 })),
    db.send(new QueryCommand({ ...query, Select: "COUNT" })),
  ]);
  if (Items.length === 0) return false;
  const { listed, more } = announcementList(
    Items.map((item) => ({ petition_id: Number(item.petition_id), action: String(item.action) })),
    Count,
  );
  const message = {
    template: "dissolution_announcement" as const,
    to,
    data: {
      heading: p.dissolution_heading ?? "Parliament is dissolving",
      message: p.dissolution_message ?? "",
      dissolution_at: p.dissolution_at,
      faq_url: p.dissolution_faq_url ?? null,
      petitions: listed,
      more,
    },
  };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          outboxPut(message, now),
          {
            Update: {
              TableName: tableName(),
              Key: personKey(p.number, person),
              UpdateExpression: "SET sent_at = :at",
              ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(sent_at)",
              ExpressionAttributeValues: { ":at": now.toISOString() },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === "TransactionCanceledException") return false;
    throw error;
  }
}

async function sendAll(p: Parliament, now: Date): Promise<number> {
  let sent = 0;
  const people = queryPages({
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :person)",
    FilterExpression: "attribute_not_exists(sent_at)",
    ExpressionAttributeValues: { ":pk": peopleKey(p.number), ":person": "PERSON#" },
    Limit: 100,
  });
  for await (const page of people)
    for (const item of page)
      if (await sendOne(p, String(item.SK).slice("PERSON#".length), String(item.email), now)) sent++;
  return sent;
}

/** Gathers and sends the announcement if a sysadmin asked for it and it is not finished; null otherwise. */
export async function announceIfRequested(now: Date, shards: number): Promise<AnnouncementRun | null> {
  const p = await currentParliament(true);
  if (!p.announcement_requested_at || p.announcement_sent_at || p.dissolved_at) return null;
  let gathered = 0;
  if (!p.announcement_gathered_at) {
    gathered = await gather(p.number, shards);
    await recordAnnouncement(p.number, "announcement_gathered_at", now);
  }
  const sent = await sendAll(p, now);
  await recordAnnouncement(p.number, "announcement_sent_at", now);
  return { parliament: p.number, gathered, sent };
}
