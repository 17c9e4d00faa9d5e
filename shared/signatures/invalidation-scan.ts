/**
 * Where an invalidation's signatures are read from, a page at a time (shared/domain/invalidation.ts
 * `scopeOf`): one email on one petition is one partition (its two slots); anything else reads
 * the petitions in scope through the sharded signers index, shard by shard, and judges each
 * signature against the criteria. Emails and IPs are kept only as keyed hashes in keys, so no
 * index finds a wildcard, a CIDR block or a domain: those read every signer of the petitions
 * in scope (one petition when `petition_id` is given; otherwise every petition that can still
 * gain or lose a count).
 *
 * Access patterns:
 * - one email on one petition:   Query SIGNATURE#<petition>#<email key> (consistent)
 * - a petition's signers:        Query signers SIGNERS#<petition>#<shard>, 100 keys a page, then
 *                                BatchGetItem of those signatures, kept when pending, validated,
 *                                or already this invalidation's
 * - petitions in scope:          Query byState STATE#<counting state>, ids only
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { signatureKey } from "../db/keys.ts";
import { decodeCursor, encodeCursor, queryFrom } from "../db/query.ts";
import { canonicalEmail } from "../domain/email.ts";
import { type Criteria, matcher, scopeOf } from "../domain/invalidation.ts";
import { pool } from "../pool.ts";
import { petitionsThatCount } from "./failed-batch.ts";
import type { Position } from "./invalidation.ts";
import type { SignatureRecord } from "./model.ts";
import { signersQuery } from "./store.ts";
import { emailKeyOf } from "./tokens.ts";

export const PAGE_SIZE = 100;
/** Signer-index Queries a preview keeps in flight. */
export const PREVIEW_PARALLEL = 10;

export interface ScanSettings {
  SIGNER_INDEX_SHARDS: number;
  EMAIL_STRIP_PLUS_TAG: boolean;
}

/** The petitions an invalidation reads, fixed when it is counted or started. */
export async function petitionsInScope(criteria: Criteria): Promise<number[]> {
  if (criteria.petition_id !== undefined) return [criteria.petition_id];
  return (await petitionsThatCount()).sort((a, b) => a - b);
}

export interface ScanPage {
  /** The signatures the criteria name, as read (states pending, validated, or already ours). */
  matching: SignatureRecord[];
  /** Where the next page starts, or null when this was the last. */
  next: Position | null;
}

const FIELDS =
  "PK, SK, id, petition_id, #name, email, ip, postcode, constituency, #location, created_at, #state, invalidation_id";

/** One page at `position`: the matching signatures and where the next page starts. */
export async function readScanPage(
  criteria: Criteria,
  petitionIds: readonly number[],
  position: Position,
  settings: ScanSettings,
  invalidationId = "",
): Promise<ScanPage> {
  const matches = matcher(criteria, { stripPlusTag: settings.EMAIL_STRIP_PLUS_TAG });
  const scope = scopeOf(criteria);
  const names = { "#state": "state", "#name": "name", "#location": "location" };
  const values = { ":pending": "pending", ":validated": "validated", ":id": invalidationId };
  const filter = "#state IN (:pending, :validated) OR invalidation_id = :id";
  if (scope.kind === "email") {
    const canonical = canonicalEmail(scope.email, { stripPlusTag: settings.EMAIL_STRIP_PLUS_TAG });
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "PK = :pk",
        FilterExpression: filter,
        ProjectionExpression: FIELDS,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ...values,
          ":pk": signatureKey(scope.petitionId, emailKeyOf(canonical, scope.petitionId), 1).PK,
        },
        ConsistentRead: true,
      }),
    );
    return { matching: ((Items ?? []) as SignatureRecord[]).filter(matches), next: null };
  }
  const petitionId = petitionIds[position.petition];
  if (petitionId === undefined) return { matching: [], next: null };
  // The index holds only what the mail jobs read: its keys, then the signatures by key.
  const page = await queryFrom(
    { ...signersQuery(petitionId, position.shard, { projection: "PK, SK" }), Limit: PAGE_SIZE },
    decodeCursor(position.cursor),
  );
  const keys = page.items;
  const read = keys.length === 0 ? [] : await batchGet(keys, { projection: { expression: FIELDS, names } });
  const live = (s: Record<string, unknown>) =>
    s.state === "pending" ||
    s.state === "validated" ||
    (invalidationId !== "" && s.invalidation_id === invalidationId);
  const matching = (read.filter(live) as unknown as SignatureRecord[]).filter(matches);
  return { matching, next: nextPosition(position, encodeCursor(page.next), petitionIds.length, settings) };
}

function nextPosition(
  position: Position,
  cursor: string | null,
  petitions: number,
  settings: ScanSettings,
): Position | null {
  if (cursor) return { ...position, cursor };
  if (position.shard + 1 < settings.SIGNER_INDEX_SHARDS) {
    return { petition: position.petition, shard: position.shard + 1, cursor: null };
  }
  if (position.petition + 1 < petitions) return { petition: position.petition + 1, shard: 0, cursor: null };
  return null;
}

/**
 * The preview: how many pending or validated signatures the criteria name now. Each petition's
 * shards are read side by side (at most PREVIEW_PARALLEL Queries in flight), each shard's pages in turn.
 */
export async function countMatching(criteria: Criteria, settings: ScanSettings) {
  const petitionIds = await petitionsInScope(criteria);
  const live = (page: ScanPage) =>
    page.matching.filter((s) => s.state === "pending" || s.state === "validated").length;
  if (scopeOf(criteria).kind === "email") {
    const page = await readScanPage(criteria, petitionIds, { petition: 0, shard: 0, cursor: null }, settings);
    return { count: live(page), petitionIds, pages: 1 };
  }
  let count = 0;
  let pages = 0;
  const starts = function* () {
    for (let petition = 0; petition < petitionIds.length; petition++) {
      for (let shard = 0; shard < settings.SIGNER_INDEX_SHARDS; shard++) yield { petition, shard };
    }
  };
  await pool(starts(), PREVIEW_PARALLEL, async ({ petition, shard }) => {
    let position: Position | null = { petition, shard, cursor: null };
    while (position) {
      const page = await readScanPage(criteria, petitionIds, position, settings);
      count += live(page);
      pages += 1;
      // Only this shard's pages: the next shard is another worker's.
      position = page.next?.cursor ? page.next : null;
    }
  });
  return { count, petitionIds, pages };
}
