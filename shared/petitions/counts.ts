/**
 * A petition's counts, kept in their own small item beside its document.
 *
 * The document (texts, state, dates, response, debate) changes rarely; the counts change with
 * every counter write. Keeping them apart means a counter write rewrites a few kilobytes of
 * numbers, never the petition's texts, and never moves the document's count-keyed index
 * entries: the document holds a snapshot of the counts for its indexes (lists by popularity,
 * state facets), refreshed at most once a minute, or at once when the state or a threshold
 * changes.
 *
 * Both items share the petition's partition and sort under "PETITION", so one Query reads the
 * document and its counts together (`documentAndCounts`), and every reader sees the counts item's
 * figures over the document's snapshot (`overlayCounts`).
 *
 * Access patterns:
 * - document and counts together:   Query PETITION#<id>, SK begins_with "PETITION"
 * - the counts alone:               GetItem PETITION#<id> / PETITION#COUNTS
 * - snapshots due for a refresh:     Query due SNAPSHOT, sort key < now
 */
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { petitionKey } from "../db/keys.ts";
import { sparseList } from "../db/sparse-list.ts";
import type { PetitionRecord } from "./model.ts";

/** The sort key both the document (`PETITION`) and its counts item begin with. */
export const PETITION_ITEMS_PREFIX = petitionKey(0).SK;
export const COUNTS_SK = `${PETITION_ITEMS_PREFIX}#COUNTS`;

export const countsKey = (petitionId: number) => ({ PK: petitionKey(petitionId).PK, SK: COUNTS_SK });

/**
 * Counts items whose document shows older figures, by when its snapshot falls due for a refresh
 * (shared/signatures/merge-sweep.ts): the counts item is in the list while the document lags.
 */
export const snapshotList = sparseList("due", "SNAPSHOT");

/** The figures the counts item owns; the document holds a snapshot of the same names. */
export const COUNT_FIELDS = [
  "signature_count",
  "sponsor_count",
  "subscriber_count",
  "by_country",
  "by_constituency",
  "by_region",
] as const;

/** The figures of COUNT_FIELDS, each at nothing: the counts of a petition nobody has signed. */
export const noFigures = () =>
  Object.fromEntries(COUNT_FIELDS.map((field) => [field, field.startsWith("by_") ? {} : 0])) as Pick<
    CountsRecord,
    (typeof COUNT_FIELDS)[number]
  >;

export interface CountsRecord {
  entity: "COUNTS";
  petition_id: number;
  signature_count: number;
  sponsor_count: number;
  subscriber_count: number;
  by_country: Record<string, number>;
  by_constituency: Record<string, number>;
  by_region: Record<string, number>;
  /** Raised by every write; a write is conditioned on the version it read. */
  version: number;
  updated_at: string;
}

/** A petition's counts as they stand in its document, for a petition no counter has written yet. */
export function countsOf(petition: PetitionRecord, now: string = petition.updated_at): CountsRecord {
  return {
    entity: "COUNTS",
    petition_id: petition.id,
    signature_count: petition.signature_count,
    sponsor_count: petition.sponsor_count,
    subscriber_count: petition.subscriber_count ?? 0,
    by_country: { ...petition.by_country },
    by_constituency: { ...petition.by_constituency },
    by_region: { ...petition.by_region },
    version: 0,
    updated_at: now,
  };
}

/**
 * A figure as readers are shown it. The counts item is a sum of deltas merged in any order, so a
 * breakdown may dip below zero for a moment (an invalidation merged before its confirmation);
 * nobody is shown less than nothing.
 */
function shown(value: number | Record<string, number>): number | Record<string, number> {
  if (typeof value === "number") return Math.max(0, value);
  return Object.fromEntries(Object.entries(value).filter(([, n]) => n > 0));
}

/** The document with the counts item's figures in place of its snapshot (its own version kept). */
export function overlayCounts<P extends PetitionRecord>(
  document: P,
  counts: CountsRecord | null | undefined,
): P {
  if (!counts) return document;
  const next = { ...document };
  for (const field of COUNT_FIELDS) (next as Record<string, unknown>)[field] = shown(counts[field]);
  return next;
}

/** The document and the counts item as stored, read in one Query. */
export async function documentAndCounts(
  petitionId: number,
  consistent = false,
  client: DynamoDBDocumentClient = db,
): Promise<{ document: PetitionRecord | null; counts: CountsRecord | null }> {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
      ExpressionAttributeValues: { ":pk": petitionKey(petitionId).PK, ":prefix": PETITION_ITEMS_PREFIX },
      ConsistentRead: consistent,
    }),
  );
  const document =
    (Items.find((item) => item.SK === PETITION_ITEMS_PREFIX) as PetitionRecord | undefined) ?? null;
  const counts = (Items.find((item) => item.SK === COUNTS_SK) as CountsRecord | undefined) ?? null;
  return { document, counts };
}
