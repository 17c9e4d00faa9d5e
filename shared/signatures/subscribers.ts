/**
 * A petition's subscribed signers, a page at a time: who gets its update emails.
 *
 * Access pattern: Query signers SIGNERS#<petition>#<shard>, every shard, filtered to subscribed
 * and not anonymised, then each page's states by key, kept when confirmed (store.ts
 * `confirmedOnly`; mass mail reads the same).
 */
import { queryPages } from "../db/query.ts";
import { confirmedOnly, signersQuery } from "./store.ts";

export interface Subscriber {
  name: string;
  email: string;
}

/**
 * The Query for one shard of a petition's signers, filtered to the subscribed and not anonymised;
 * of these, the confirmed (`confirmedOnly`) get a petition's update emails (mass mail reads the same).
 */
export const subscribersQuery = (petitionId: number, shard: number) =>
  signersQuery(petitionId, shard, {
    filter: "notify_by_email = :yes AND attribute_not_exists(anonymised_at)",
    values: { ":yes": true },
  });

export async function* subscribersOf(petitionId: number, shards: number): AsyncGenerator<Subscriber[]> {
  for (let shard = 0; shard < shards; shard++) {
    const pages = queryPages({
      ...subscribersQuery(petitionId, shard),
      Limit: 100,
    });
    for await (const page of pages)
      yield (await confirmedOnly(page)).map((item) => ({
        name: String(item.name),
        email: String(item.email),
      }));
  }
}
