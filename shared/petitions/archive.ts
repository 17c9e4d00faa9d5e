/**
 * The archive (e-petitions' ArchivePetitionsJob and /archived/petitions): when a parliament
 * dissolves, each of its visible petitions (closed or rejected) is kept as it stood, with the
 * parliament it belonged to, and read from here as e-petitions' `archived-petition`.
 *
 * Stored beside, not instead of, the petition: the petition item keeps its key, its signatures
 * and their unsubscribe links (which go on working unchanged); the archive adds a snapshot of
 * its public JSON (built by presentAttributes, so the counter's layout stays its own) and one
 * small list entry per parliament, so archived reads never touch the live petitions' indexes.
 *
 * Access patterns:
 * - one archived petition:        GetItem ARCHIVED#<id> / ARCHIVED (the snapshot)
 * - a parliament's, by state:     Query ARCHIVE#<parliament>, SK begins_with <state>#, by id
 * - a parliament's, all:          Query ARCHIVE#<parliament>, by state then id
 * - archive one (once):           one transaction: the snapshot on condition it is new, its list
 *                                  entry, the petition (archived_in set, so out of every live
 *                                  list) on condition of its version, the state tally
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { pad, statePartition } from "../db/keys.ts";
import { partitionQuery, queryPages } from "../db/query.ts";
import { getPetition, statsKey } from "./items.ts";
import { presentAttributes, presentOtherBusiness } from "./present.ts";
import { guardedPut, type StoredPetition } from "./store.ts";

export const ARCHIVED_STATES = ["closed", "rejected"] as const;
export type ArchivedState = (typeof ARCHIVED_STATES)[number];

const snapshotKey = (id: number) => ({ PK: `ARCHIVED#${id}`, SK: "ARCHIVED" });
const listPartition = (parliament: number) => `ARCHIVE#${parliament}`;

/** The parliament as an archived petition names it (e-petitions' `parliament` object). */
export interface ArchivedParliament {
  number: number;
  period: string | null;
  government: string | null;
  dissolution_at: string | null;
  response_threshold: number | null;
  debate_threshold: number | null;
}

export interface Snapshot {
  id: number;
  parliament: ArchivedParliament;
  attributes: Record<string, unknown>;
}

/** Makes a transaction: true when made, false when a condition in it did not hold. */
async function cancelledIsFalse(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** Archives one petition if it is not archived yet; true when this call archived it. */
async function archiveOne(id: number, parliament: ArchivedParliament, at: string): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const petition = (await getPetition(id, true)) as StoredPetition | null;
    if (!petition || petition.archived_in || !(ARCHIVED_STATES as readonly string[]).includes(petition.state))
      return false;
    const attributes = {
      ...presentAttributes(petition),
      other_parliamentary_business: presentOtherBusiness(petition),
    };
    // One transaction: the snapshot (once), its list entry, the petition leaving every live
    // list (its index attributes follow from archived_in) and the state tally.
    const archived: StoredPetition = {
      ...petition,
      archived_in: parliament.number,
      version: petition.version + 1,
    };
    const written = await cancelledIsFalse(() =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...snapshotKey(id), entity: "ARCHIVED", id, parliament, attributes, archived_at: at },
                ConditionExpression: "attribute_not_exists(PK)",
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: {
                  PK: listPartition(parliament.number),
                  SK: `${petition.state}#${pad(id)}`,
                  id,
                  state: petition.state,
                  action_lc: petition.action.toLowerCase(),
                },
              },
            },
            guardedPut(archived, petition, [petition.state]),
            {
              Update: {
                TableName: tableName(),
                Key: statsKey,
                UpdateExpression: "ADD #state :minus",
                ExpressionAttributeNames: { "#state": petition.state },
                ExpressionAttributeValues: { ":minus": -1 },
              },
            },
          ],
        }),
      ),
    );
    if (written) return true;
    // Archived by another run, or the petition changed meanwhile: read again.
  }
  return false;
}

/**
 * Archives every closed and rejected petition not archived before, under `parliament`.
 * Resumable: a petition is archived once, whichever run gets there (the snapshot's condition).
 * Cost per petition: one index item read, one GetItem, two Puts (one when archived before).
 */
export async function archiveVisible(parliament: ArchivedParliament, now: Date): Promise<number> {
  let archived = 0;
  for (const state of ARCHIVED_STATES) {
    const pages = queryPages({
      ...partitionQuery("byState", statePartition(state), false),
      ProjectionExpression: "id",
      Limit: 100,
    });
    for await (const page of pages)
      for (const item of page)
        if (await archiveOne(Number(item.id), parliament, now.toISOString())) archived++;
  }
  return archived;
}

/** e-petitions' archived `_petition.json.jbuilder`: type, id, parliament and attributes. */
const present = ({ id, parliament, attributes }: Snapshot, publicUrl: string, collection: boolean) => {
  const { number: _n, ...named } = parliament;
  return {
    type: "archived-petition" as const,
    id,
    ...(collection ? { links: { self: `${publicUrl}/archived/petitions/${id}.json` } } : {}),
    parliament: named,
    attributes,
  };
};

/** One archived petition as stored (its parliament's number included), or null when none has that id. */
export async function archivedSnapshot(id: number): Promise<Snapshot | null> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: snapshotKey(id) }));
  return Item ? (Item as unknown as Snapshot) : null;
}

/** One archived petition, or null when none has that id. */
export async function archivedPetition(id: number, publicUrl: string) {
  const snapshot = await archivedSnapshot(id);
  if (!snapshot) return null;
  return {
    links: { self: `${publicUrl}/archived/petitions/${id}.json` },
    data: present(snapshot, publicUrl, false),
  };
}

export interface ArchiveQuery {
  parliament: number;
  state: "all" | ArchivedState;
  q: string;
  page: number;
  count: number;
}

/** Most list entries one request reads looking for `q` (one page of 1,000 keys-only items, at most 5). */
export const ARCHIVE_SEARCH_READS = 5_000;

/**
 * A page of a parliament's archived petitions, by state then id: the list entries (keys and
 * the lower-cased action, filtered by `q`), then the page's snapshots. `more` says whether
 * another page follows.
 */
export async function archivedPage(query: ArchiveQuery, publicUrl: string) {
  const prefix = query.state === "all" ? "" : `${query.state}#`;
  const wanted = query.page * query.count + 1;
  const ids: number[] = [];
  let read = 0;
  const needle = query.q.trim().toLowerCase();
  const pages = queryPages({
    TableName: tableName(),
    // "all" reads the whole partition (an empty prefix is no valid key value).
    ...(prefix
      ? {
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
          ExpressionAttributeValues: { ":pk": listPartition(query.parliament), ":prefix": prefix },
        }
      : {
          KeyConditionExpression: "PK = :pk",
          ExpressionAttributeValues: { ":pk": listPartition(query.parliament) },
        }),
    ProjectionExpression: "id, action_lc",
    Limit: 1000,
  });
  for await (const page of pages) {
    read += page.length;
    for (const item of page)
      if (!needle || String(item.action_lc).includes(needle)) ids.push(Number(item.id));
    if (ids.length >= wanted || read >= ARCHIVE_SEARCH_READS) break;
  }
  const pageIds = ids.slice((query.page - 1) * query.count, query.page * query.count);
  const found = new Map(
    ((await batchGet(pageIds.map(snapshotKey))) as unknown as Snapshot[]).map((s) => [Number(s.id), s]),
  );
  const snapshots = pageIds.flatMap((id) => found.get(id) ?? []);
  return {
    data: snapshots.map((s) => present(s, publicUrl, true)),
    more: ids.length > query.page * query.count,
  };
}

/** A page of /archived/petitions.json, its parameters in alphabetical order as Rails' to_query. */
export function archivedListUrl(
  publicUrl: string,
  query: { parliament?: number | undefined; state: string; q: string; count: number },
  page: number,
): string {
  const params = new URLSearchParams();
  if (query.count !== 25) params.set("count", String(query.count));
  if (page > 1) params.set("page", String(page));
  if (query.parliament !== undefined) params.set("parliament", String(query.parliament));
  if (query.q.trim()) params.set("q", query.q.trim());
  if (query.state !== "all") params.set("state", query.state);
  const text = params.toString();
  return `${publicUrl}/archived/petitions.json${text ? `?${text}` : ""}`;
}
