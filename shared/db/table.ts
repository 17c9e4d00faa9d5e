/**
 * The one DynamoDB table, defined once. The CDK stack and the local engine both build it from
 * this description; each entity's module owns its key formats.
 *
 * Indexes (all string keys; each projects every attribute unless `projections` below says less:
 * AWS charges an index write only when an entry's key or a projected attribute changes, and an
 * entry's size is its projected attributes, so an index holds only what its readers read):
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

/** What an index entry holds besides the table's and the index's keys. */
export type IndexProjection =
  | { type: "ALL" }
  | { type: "KEYS_ONLY" }
  | { type: "INCLUDE"; attributes: readonly string[] };

export interface IndexDefinition {
  name: IndexName;
  partitionKey: string;
  sortKey: string;
  projection: IndexProjection;
}

/**
 * The signers index holds what the mail jobs read and a confirmation does not change: mass mail
 * and subscribers (shared/mail/mass-mail-page.ts, shared/signatures/subscribers.ts: the filter on
 * subscription and anonymisation, then id, name, email, unsubscribe token) and a decision's
 * supporters (shared/signatures/sponsors.ts: kind). A signature's state is left out: every
 * signature is written there once, when it is made, and confirming it (the state moving from
 * pending to validated, once per signature) writes nothing to the index; the mail jobs read the
 * states of each page's signers by key (store.ts `confirmedOnly`), half a read unit per recipient
 * per mailing against a write unit per signature. Everything else a signature carries (its
 * counter marks, email count, token hashes, place, IP) is read by key too (store.ts `signerPages`).
 */
export const SIGNERS_PROJECTED = [
  "id",
  "name",
  "email",
  "unsubscribe_token",
  "notify_by_email",
  "anonymised_at",
  "kind",
] as const;

/**
 * The due index holds what its readers read: closing (id, closes_at), retention (id, state),
 * stalled mass-mail jobs (id, petition_id, state, updated_at), the staff search of unpublished
 * petitions (their text, state, created_at), the count snapshots due (petition_id); the outbox
 * sweeper reads the messages by key, and the count-delta sweep its deltas. An
 * outbox message's claim (claimed_by, claimed_until) and its data are therefore not in it.
 */
export const DUE_PROJECTED = [
  "id",
  "state",
  "petition_id",
  "updated_at",
  "closes_at",
  "created_at",
  "action",
  "background",
  "additional_details",
] as const;

/** Indexes projecting less than every attribute; any other projects ALL. */
const projections: Partial<Record<IndexName, IndexProjection>> = {
  signers: { type: "INCLUDE", attributes: SIGNERS_PROJECTED },
  due: { type: "INCLUDE", attributes: DUE_PROJECTED },
  // Staff search reads the signatures it finds by key (shared/signatures/staff-search.ts).
  byEmail: { type: "KEYS_ONLY" },
  byIp: { type: "KEYS_ONLY" },
};

export const tableDefinition = {
  partitionKey: "PK",
  sortKey: "SK",
  ttlAttribute: TTL_ATTRIBUTE,
  stream: "NEW_AND_OLD_IMAGES",
  indexes: indexNames.map(
    (name): IndexDefinition => ({
      name,
      partitionKey: `${name}PK`,
      sortKey: `${name}SK`,
      projection: projections[name] ?? { type: "ALL" },
    }),
  ),
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  ttlAttribute: string;
  stream: "NEW_AND_OLD_IMAGES";
  indexes: IndexDefinition[];
};

/** The attribute names of one index's keys. */
export const indexKeys = (name: IndexName) => ({ pk: `${name}PK`, sk: `${name}SK` }) as const;
