/**
 * The one DynamoDB table, defined once. The CDK stack and the local engine both build it from
 * this description; each entity's module owns its key formats.
 *
 * Indexes (all string keys, all projecting every attribute):
 * - byState:    `STATE#<state>`            ordered by a state-specific sort key (lists, queues)
 * - due:        `CLOSE` | `ANONYMISE` | `UNPUBLISHED` | `JOB` | `OUTBOX`  sparse; ordered by the time the work
 *               falls due (OUTBOX: unsent messages by creation; JOB: running mass-mail jobs)
 * - candidates: `THRESHOLD`                sparse; petitions whose count crossed a threshold
 * - debates:    `DEBATE`                   sparse; scheduled debates, ordered by date
 * - signers:    `SIGNERS#<petition>#<n>`   every signature of a petition, sharded over n
 * - visible:    `VISIBLE`                  sparse; every published or rejected petition, by count
 * - newest:     `FACET#recent|rejected`    sparse; public facets listed newest first (shared/petitions/facets.ts)
 * - responses:  `FACET#awaiting_response|with_response`                 sparse; public response facets
 * - outcomes:   `FACET#awaiting_debate|debated|not_debated`             sparse; public debate facets
 * - trending:   `TRENDING#<hour>`          sparse; hourly signature buckets by count (shared/petitions/trending-list.ts)
 * - byEmail:    `EMAIL#<email key>`        sparse; every signature of an address on every petition, by
 *               `<created_at>#<id>` (staff search; removed when a signature is anonymised or deleted)
 * - byIp:       `IP#<ip key>`              sparse; likewise by IP address (shared/signatures/search-keys.ts)
 *
 * A petition belongs to at most one facet of each of newest, responses and outcomes, which is
 * why those facets share an index.
 */
export const TTL_ATTRIBUTE = "expiresAt";

export const indexNames = [
  "byState",
  "due",
  "candidates",
  "debates",
  "signers",
  "visible",
  "newest",
  "responses",
  "outcomes",
  "trending",
  "byEmail",
  "byIp",
] as const;
export type IndexName = (typeof indexNames)[number];

export interface IndexDefinition {
  name: IndexName;
  partitionKey: string;
  sortKey: string;
}

export const tableDefinition = {
  partitionKey: "PK",
  sortKey: "SK",
  ttlAttribute: TTL_ATTRIBUTE,
  stream: "NEW_AND_OLD_IMAGES",
  indexes: indexNames.map((name) => ({ name, partitionKey: `${name}PK`, sortKey: `${name}SK` })),
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  ttlAttribute: string;
  stream: "NEW_AND_OLD_IMAGES";
  indexes: IndexDefinition[];
};

/** The attribute names of one index's keys. */
export const indexKeys = (name: IndexName) => ({ pk: `${name}PK`, sk: `${name}SK` }) as const;
