/**
 * A petition's validated supporters, for the emails a moderation decision owes them.
 *
 * Access pattern: Query signers SIGNERS#<petition>#<shard>, shard by shard, filtered to
 * supporters not anonymised, then their states by key, kept when validated. Before a petition
 * opens, its signatures are its creator and its supporters' sign-ups (capped by
 * MAX_SPONSOR_SIGNUPS), so the read is that small.
 */
import { queryAll } from "../db/query.ts";
import { confirmedOnly, signersQuery } from "./store.ts";

export interface Supporter {
  email: string;
  name: string;
}

/** At most this many supporters are emailed about one decision (one transaction holds them all). */
export const MAX_SUPPORTERS_EMAILED = 80;

export async function validatedSponsors(petitionId: number, shards: number): Promise<Supporter[]> {
  const pages = await Promise.all(
    Array.from({ length: shards }, (_, shard) =>
      queryAll(
        signersQuery(petitionId, shard, {
          filter: "#kind = :sponsor AND attribute_not_exists(anonymised_at)",
          projection: "PK, SK, #email, #name",
          names: { "#kind": "kind", "#email": "email", "#name": "name" },
          values: { ":sponsor": "sponsor" },
        }),
      ),
    ),
  );
  const seen = new Set<string>();
  const out: Supporter[] = [];
  for (const item of await confirmedOnly(pages.flat())) {
    const email = String(item.email);
    if (seen.has(email)) continue;
    seen.add(email);
    out.push({ email, name: String(item.name) });
  }
  return out.slice(0, MAX_SUPPORTERS_EMAILED);
}
