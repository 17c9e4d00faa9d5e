/**
 * The stored site settings: one item, owned here, read through a per-instance cache of at most
 * `SITE_CACHE_MS` (30 s), so a change reaches every function within that time. A change is
 * conditional on the version it was read at, and leaves an entry saying who changed what, when.
 *
 * Access patterns:
 * - read the settings:      GetItem SITE / SETTINGS (cached per function instance)
 * - change them:            TransactWrite: Put SITE / SETTINGS if version matches, Put SITE / CHANGE#<time>#<id>
 * - the changes, newest first: Query SITE, SK begins_with CHANGE# (ScanIndexForward false)
 */
import { randomUUID } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import {
  applyChange,
  effectiveSettings,
  type FieldChange,
  type SiteChange,
  type SiteDefaultsConfig,
  type SiteSettings,
  siteDefaults,
} from "../domain/site-settings.ts";
import { StateConflictError } from "../errors.ts";

/** How long a function instance keeps the settings it read. */
export const SITE_CACHE_MS = 30_000;

const SETTINGS_KEY = { PK: "SITE", SK: "SETTINGS" } as const;
const CHANGE_PREFIX = "CHANGE#";

let cache: { at: number; item: Record<string, unknown> | null } | null = null;

async function storedItem(fresh: boolean, cacheMs: number): Promise<Record<string, unknown> | null> {
  if (!fresh && cache && Date.now() - cache.at < cacheMs) return cache.item;
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: SETTINGS_KEY, ConsistentRead: fresh }),
  );
  cache = { at: Date.now(), item: Item ?? null };
  return cache.item;
}

/**
 * The settings in effect: the function's environment settings as defaults, the stored fields
 * over them. `fresh` reads past the cache (the sysadmins' own reads and changes).
 */
export async function siteSettings(
  defaults: SiteDefaultsConfig,
  options: { fresh?: boolean; cacheMs?: number } = {},
): Promise<SiteSettings> {
  const item = await storedItem(options.fresh ?? false, options.cacheMs ?? SITE_CACHE_MS);
  return effectiveSettings(siteDefaults(defaults), item);
}

/** What a change did: the settings after it, and each field it changed (empty: nothing did). */
export interface SiteChangeResult {
  settings: SiteSettings;
  changes: FieldChange[];
}

/**
 * Changes the named fields if the stored version is still `change.version` (409 otherwise), and
 * records who changed what and when. A change that changes nothing writes nothing.
 */
export async function changeSiteSettings(
  defaults: SiteDefaultsConfig,
  change: SiteChange,
  staffId: string,
  now: Date,
): Promise<SiteChangeResult> {
  const stored = await storedItem(true, 0);
  const current = effectiveSettings(siteDefaults(defaults), stored);
  if (change.version !== current.version) throw stale();
  const { version, ...fields } = change;
  const next = applyChange(current, stored, fields);
  if (next.changes.length === 0) return { settings: current, changes: [] };
  const at = now.toISOString();
  const item = {
    ...SETTINGS_KEY,
    entity: "SITE",
    ...next.fields,
    version: version + 1,
    updated_at: at,
    updated_by: staffId,
  };
  const TableName = tableName();
  // The item only if nobody changed it since it was read; the change entry with it.
  const settingsPut = {
    TableName,
    Item: item,
    ConditionExpression: version === 0 ? "attribute_not_exists(PK)" : "version = :version",
    ...(version === 0 ? {} : { ExpressionAttributeValues: { ":version": version } }),
  };
  const entry = { at, by: staffId, version: version + 1, changes: next.changes };
  const changePut = {
    TableName,
    Item: {
      PK: SETTINGS_KEY.PK,
      SK: `${CHANGE_PREFIX}${at}#${randomUUID()}`,
      entity: "SITE_CHANGE",
      ...entry,
    },
  };
  try {
    await db.send(new TransactWriteCommand({ TransactItems: [{ Put: settingsPut }, { Put: changePut }] }));
  } catch (error) {
    if (
      error instanceof TransactionCanceledException ||
      (error as Error).name === "TransactionCanceledException"
    )
      throw stale();
    throw error;
  }
  cache = null;
  return { settings: effectiveSettings(siteDefaults(defaults), item), changes: next.changes };
}

const stale = () =>
  new StateConflictError(
    "The settings have changed since you read them: read them again and repeat your change",
  );

export interface SiteChangeEntry {
  at: string;
  by: string;
  version: number;
  changes: FieldChange[];
}

/** The most recent changes, newest first. */
export async function siteChanges(limit = 20): Promise<SiteChangeEntry[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
      ExpressionAttributeValues: { ":pk": SETTINGS_KEY.PK, ":prefix": CHANGE_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((entry) => ({
    at: String(entry.at),
    by: String(entry.by),
    version: Number(entry.version),
    changes: (entry.changes ?? []) as FieldChange[],
  }));
}
