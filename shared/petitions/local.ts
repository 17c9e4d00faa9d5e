/**
 * Petitions signed in each constituency, most signatures there first: e-petitions' local
 * petitions (`/petitions/local/<slug>`). Built from the counts the counter already keeps (each
 * petition's `by_constituency`), by the IndexPetitions stream consumer after every petition
 * change, so no request reads more than the top of one partition.
 *
 * Items:
 * - `LOCAL#<ons code>#<open|closed>` / `<inverted count>#<petition id>`: one per published
 *   petition with signatures in that constituency; the sort key puts the most signed first
 *   (ties by petition id).
 * - `PETITION#<id>` / `LOCAL`: what was last indexed for the petition (its version, state group
 *   and counts), so a change writes only the constituencies it moved and a replay writes nothing.
 *
 * Access patterns:
 * - the top N open petitions in a constituency:  Query LOCAL#<ons>#open, Limit N
 * - the top N open or closed:                    the same for both groups, merged
 * - the petitions' action, state and total:      BatchGet PETITION#<id> (projected)
 *
 * Cost: a petition change that moves k constituencies' counts writes 2k + 1 small items (the old
 * entry deleted, the new one put, the record); opening or closing a petition moves every
 * constituency it has (at most 650). A change that moves no constituency reads one item.
 */
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { pad, petitionKey } from "../db/keys.ts";
import { untilNoneLeft } from "../retry.ts";

/** e-petitions lists at most 50 petitions per constituency. */
export const LOCAL_LIMIT = 50;

type Group = "open" | "closed";
const GROUPS: readonly Group[] = ["open", "closed"];
export type LocalScope = "open" | "all";
const SCOPE_GROUPS: Record<LocalScope, readonly Group[]> = { open: ["open"], all: GROUPS };

const MAX_COUNT = 999_999_999_999;

export const localRecordKey = (id: number) => ({ PK: petitionKey(id).PK, SK: "LOCAL" });
export const localEntryKey = (onsCode: string, group: Group, id: number, count: number) => ({
  PK: `LOCAL#${onsCode}#${group}`,
  SK: `${pad(MAX_COUNT - count)}#${pad(id)}`,
});

/** What the local index reads from a petition image. */
export interface LocalImage {
  id: number;
  version: number;
  state: string;
  by_constituency?: Record<string, number>;
  /** Archived petitions leave the local lists. */
  archived_in?: number;
}

interface LocalRecord {
  version: number;
  group: Group | null;
  counts: Record<string, number>;
}

const groupOf = (state: string): Group | null =>
  (GROUPS as readonly string[]).includes(state) ? (state as Group) : null;

function entriesOf(id: number, record: LocalRecord): Map<string, Record<string, unknown>> {
  const entries = new Map<string, Record<string, unknown>>();
  if (record.group === null) return entries;
  for (const [ons, count] of Object.entries(record.counts)) {
    if (!(count > 0)) continue;
    const key = localEntryKey(ons, record.group, id, count);
    entries.set(`${key.PK} ${key.SK}`, { ...key, entity: "LOCAL", petition_id: id, signature_count: count });
  }
  return entries;
}

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

async function writeAll(requests: WriteRequest[]): Promise<void> {
  const table = tableName();
  for (let i = 0; i < requests.length; i += 25) {
    await untilNoneLeft(
      requests.slice(i, i + 25),
      async (pending) => {
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: [...pending] } }));
        return (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
      },
      {
        baseMs: 10,
        capMs: 2_000,
        maxAttempts: 9,
        exhausted: () => new Error("BatchWrite kept leaving local petition entries unprocessed"),
      },
    );
  }
}

/**
 * Moves the petition's entries to what this image says. Deletes and puts are idempotent, and the
 * record is written last on condition of an older version, so a crash part way is finished by
 * the retry and a replayed older image changes nothing.
 */
export async function indexLocal(image: LocalImage): Promise<"indexed" | "unchanged" | "stale"> {
  const table = tableName();
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: localRecordKey(image.id), ConsistentRead: true }),
  );
  const before = Item as LocalRecord | undefined;
  if (before && before.version >= image.version) return "stale";
  const group = image.archived_in ? null : groupOf(image.state);
  const counts = Object.fromEntries(
    Object.entries(group ? (image.by_constituency ?? {}) : {}).filter(([, count]) => count > 0),
  );
  const after: LocalRecord = { version: image.version, group, counts };
  const had = entriesOf(image.id, before ?? { version: 0, group: null, counts: {} });
  const has = entriesOf(image.id, after);
  const requests: WriteRequest[] = [
    ...[...had.entries()]
      .filter(([key]) => !has.has(key))
      .map(([, item]) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } })),
    ...[...has.entries()]
      .filter(([key]) => !had.has(key))
      .map(([, item]) => ({ PutRequest: { Item: item } })),
  ];
  if (requests.length === 0 && (before || has.size === 0)) return "unchanged";
  await writeAll(requests);
  try {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...localRecordKey(image.id), entity: "LOCAL_INDEXED", ...after },
        ConditionExpression: "attribute_not_exists(PK) OR version < :version",
        ExpressionAttributeValues: { ":version": image.version },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException") return "stale";
    throw error;
  }
  return "indexed";
}

export interface LocalPetition {
  id: number;
  action: string;
  state: string;
  /** Signatures from the constituency. */
  constituency_signature_count: number;
  /** Signatures in all. */
  signature_count: number;
}

async function topOf(onsCode: string, group: Group, limit: number) {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": `LOCAL#${onsCode}#${group}` },
      ProjectionExpression: "SK, petition_id, signature_count",
      Limit: limit,
    }),
  );
  return (Items ?? []) as { SK: string; petition_id: number; signature_count: number }[];
}

/**
 * e-petitions' `popular_in_constituency` (open) and `all_popular_in_constituency` (open and
 * closed): at most `limit` petitions, most signatures from the constituency first. A petition
 * whose state moved since it was indexed is left out until the index catches up.
 */
export async function popularIn(
  onsCode: string,
  scope: LocalScope,
  limit = LOCAL_LIMIT,
): Promise<LocalPetition[]> {
  const groups = SCOPE_GROUPS[scope];
  const entries = (await Promise.all(groups.map((group) => topOf(onsCode, group, limit))))
    .flat()
    .sort((a, b) => (a.SK < b.SK ? -1 : a.SK > b.SK ? 1 : 0))
    .slice(0, limit);
  if (entries.length === 0) return [];
  const petitions = await batchGet(
    entries.map((entry) => petitionKey(entry.petition_id)),
    {
      projection: {
        expression: "id, #action, #state, signature_count",
        names: { "#action": "action", "#state": "state" },
      },
    },
  );
  const byId = new Map(petitions.map((p) => [p.id as number, p]));
  const out: LocalPetition[] = [];
  for (const entry of entries) {
    const petition = byId.get(entry.petition_id);
    if (!petition || !(groups as readonly string[]).includes(petition.state as string)) continue;
    out.push({
      id: entry.petition_id,
      action: petition.action as string,
      state: petition.state as string,
      constituency_signature_count: entry.signature_count,
      signature_count: petition.signature_count as number,
    });
  }
  return out;
}
