/**
 * A petition's subscribed signers, a page at a time: who gets its update emails.
 *
 * Access pattern: Query signers SIGNERS#<petition>#<shard>, every shard, filtered to confirmed,
 * subscribed and not anonymised (mass mail reads the same Query).
 */
import { tableName } from "../db/client.ts";
import { queryPages } from "../db/query.ts";
import { signersPartition } from "./store.ts";

export interface Subscriber {
  name: string;
  email: string;
}

/**
 * The Query for one shard of a petition's signers, filtered to the confirmed, subscribed and not
 * anonymised: who gets a petition's update emails (mass mail reads the same).
 */
export const subscribersQuery = (petitionId: number, shard: number) => ({
  TableName: tableName(),
  IndexName: "signers",
  KeyConditionExpression: "signersPK = :pk",
  FilterExpression: "#state = :validated AND notify_by_email = :yes AND attribute_not_exists(anonymised_at)",
  ExpressionAttributeNames: { "#state": "state" },
  ExpressionAttributeValues: {
    ":pk": signersPartition(petitionId, shard),
    ":validated": "validated",
    ":yes": true,
  },
});

export async function* subscribersOf(petitionId: number, shards: number): AsyncGenerator<Subscriber[]> {
  for (let shard = 0; shard < shards; shard++) {
    const pages = queryPages({
      ...subscribersQuery(petitionId, shard),
      Limit: 100,
    });
    for await (const page of pages)
      yield page.map((item) => ({
        name: String(item.name),
        email: String(item.email),
      }));
  }
}
