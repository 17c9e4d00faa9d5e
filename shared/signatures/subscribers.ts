/**
 * A petition's subscribed signers, a page at a time, with the key that names the person across
 * petitions: the keyed hash, under the newest key, of their canonical email (a signature's own
 * key part stays under the key in force for its petition, so it can differ between petitions).
 *
 * Access pattern: Query signers SIGNERS#<petition>#<shard>, every shard, filtered to confirmed,
 * subscribed and not anonymised (the same filter as shared/mail/mass-mail-page.ts).
 */
import { tableName } from "../db/client.ts";
import { queryPages } from "../db/query.ts";
import { canonicalEmail } from "../domain/email.ts";
import { emailKeyOf } from "./tokens.ts";

export interface Subscriber {
  /** The same for every signature of the same person, whatever the petition. */
  personKey: string;
  name: string;
  email: string;
}

/** The same for every address that signs as the same person (`+tags` and gmail dots aside). */
export const personKeyOf = (email: string): string =>
  emailKeyOf(canonicalEmail(email, { stripPlusTag: true }));

export async function* subscribersOf(petitionId: number, shards: number): AsyncGenerator<Subscriber[]> {
  for (let shard = 0; shard < shards; shard++) {
    const pages = queryPages({
      TableName: tableName(),
      IndexName: "signers",
      KeyConditionExpression: "signersPK = :pk",
      FilterExpression:
        "#state = :validated AND notify_by_email = :yes AND attribute_not_exists(anonymised_at)",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: {
        ":pk": `SIGNERS#${petitionId}#${shard}`,
        ":validated": "validated",
        ":yes": true,
      },
      Limit: 100,
    });
    for await (const page of pages)
      yield page.map((item) => ({
        personKey: personKeyOf(String(item.email)),
        name: String(item.name),
        email: String(item.email),
      }));
  }
}
