/**
 * The sysadmins' signature search:
 * - email:  with a petition, the signature partition of that address on that petition, found by
 *           its keyed hash (both slots; one consistent Query, 1 read unit); without one, the
 *           byEmail index across every petition (shared/signatures/search-keys.ts);
 * - ip:     without a petition, the byIp index across every petition; with one, as below;
 * - ip, domain, postcode, name within a petition: its signatures through the signers index,
 *           shard by shard, matched here; at most SEARCH_MAX_READ items are read, past which the
 *           answer says it is incomplete.
 * A window (hours) keeps signatures made within it (on the indexes, as a sort key bound).
 *
 * Access patterns:
 * - by email, one petition:   Query SIGNATURE#<petition>#<email key>
 * - by email or IP, every petition: Query byEmail EMAIL#<key> | byIp IP#<key>, newest first,
 *                             SK >= window start, one partition per live hash key, up to
 *                             SEARCH_MAX_RESULTS + 1 keys each (the indexes hold keys only), then
 *                             BatchGetItem of the signatures found
 * - others:                   Query signers SIGNERS#<petition>#<shard>, every shard, up to
 *                             SEARCH_MAX_READ items
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { signatureKey } from "../db/keys.ts";
import { queryAll } from "../db/query.ts";
import { canonicalEmail } from "../domain/email.ts";
import {
  matchesSearch,
  normaliseSearchValue,
  type SearchKind,
  searchKinds,
  windowHours,
} from "../domain/signature-search.ts";
import * as z from "../zod.ts";
import type { SignatureRecord } from "./model.ts";
import { emailSearchPartitions, ipSearchPartitions } from "./search-keys.ts";
import { signerPages } from "./store.ts";
import { emailKeyOf } from "./tokens.ts";

/** Signatures a search reads at most through the signers index (about 10 MB). */
export const SEARCH_MAX_READ = 20_000;
/** Signatures a search answers at most. */
export const SEARCH_MAX_RESULTS = 500;

const term = z
  .string()
  .check(z.trim(), z.minLength(1, "Enter something to search for"), z.maxLength(320, "That is too long"));

/** Search kinds that may leave out the petition: they have an index across petitions. */
export const everyPetitionKinds: readonly SearchKind[] = ["email", "ip"];
const NAME_THE_PETITION = "Name the petition to search (a number)";

/**
 * The query of `GET /admin/signatures`: exactly one of the search kinds, a window, and the
 * petition, which only an email or IP search may leave out (to search every petition).
 */
export const signatureSearchQuery = z
  .object({
    email: z.optional(term),
    ip: z.optional(term),
    domain: z.optional(term),
    postcode: z.optional(term),
    name: z.optional(term),
    petition_id: z.pipe(
      z.transform((value) => (value === "" ? undefined : value)),
      z.optional(
        z.coerce
          .number({ error: NAME_THE_PETITION })
          .check(
            z.int(NAME_THE_PETITION),
            z.gte(1, NAME_THE_PETITION),
            z.lte(999_999_999, "No petition has that id"),
          ),
      ),
    ),
    window: z.optional(
      z
        .string()
        .check(
          z.refine(
            (text) => windowHours(text) !== null,
            "Write the window as hours or days, like 24h or 7d (at most 90d)",
          ),
        ),
    ),
  })
  .check(
    z.superRefine((query, context) => {
      const given = searchKinds.filter((kind) => query[kind] !== undefined);
      if (given.length === 0)
        context.addIssue({
          code: "custom",
          path: ["email"],
          message: `Search by one of ${searchKinds.join(", ")}`,
        });
      for (const kind of given.slice(1))
        context.addIssue({ code: "custom", path: [kind], message: "Search by one thing at a time" });
      const kind = given[0];
      if (query.petition_id === undefined && kind && !everyPetitionKinds.includes(kind))
        context.addIssue({
          code: "custom",
          path: ["petition_id"],
          message: `${NAME_THE_PETITION}: only ${everyPetitionKinds.join(" and ")} search every petition`,
        });
    }),
  );
export type SignatureSearchQuery = z.output<typeof signatureSearchQuery>;

export interface SignatureSearch {
  kind: SearchKind;
  value: string;
  /** Absent: every petition (email and IP only). */
  petitionId?: number;
  windowHours?: number;
}

export function searchOf(query: SignatureSearchQuery): SignatureSearch {
  const kind = searchKinds.find((k) => query[k] !== undefined) ?? "email";
  const hours = query.window === undefined ? null : windowHours(query.window);
  return {
    kind,
    value: query[kind] ?? "",
    ...(query.petition_id === undefined ? {} : { petitionId: query.petition_id }),
    ...(hours === null ? {} : { windowHours: hours }),
  };
}

export interface SearchSettings {
  SIGNER_INDEX_SHARDS: number;
  EMAIL_STRIP_PLUS_TAG: boolean;
}

export interface SearchResult {
  signatures: SignatureRecord[];
  /** False when the read stopped at SEARCH_MAX_READ or the answer at SEARCH_MAX_RESULTS. */
  complete: boolean;
}

export async function searchSignatures(
  search: SignatureSearch,
  settings: SearchSettings,
  now: Date,
): Promise<SearchResult> {
  const since =
    search.windowHours === undefined
      ? undefined
      : new Date(now.getTime() - search.windowHours * 3600_000).toISOString();
  if (search.petitionId === undefined) return searchEveryPetition(search, settings, since);
  const petitionId = search.petitionId;
  if (search.kind === "email") {
    const canonical = canonicalEmail(search.value, { stripPlusTag: settings.EMAIL_STRIP_PLUS_TAG });
    const key = signatureKey(petitionId, emailKeyOf(canonical, petitionId), 1);
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": key.PK },
        ConsistentRead: true,
      }),
    );
    const found = ((Items ?? []) as SignatureRecord[]).filter((s) => !since || s.created_at >= since);
    return { signatures: found, complete: true };
  }
  const value = normaliseSearchValue(search.kind, search.value);
  const found: SignatureRecord[] = [];
  let read = 0;
  for await (const page of signerPages(petitionId, settings.SIGNER_INDEX_SHARDS)) {
    read += page.length;
    for (const item of page as unknown as SignatureRecord[]) {
      if (matchesSearch(item, search.kind, value, since)) found.push(item);
    }
    if (read >= SEARCH_MAX_READ || found.length > SEARCH_MAX_RESULTS) return finish(found, false);
  }
  return finish(found, true);
}

/**
 * An email or IP across every petition: each live hash key's partition of the byEmail or byIp
 * index, newest first, at most SEARCH_MAX_RESULTS + 1 items from each (one more tells the answer
 * is incomplete), merged newest first.
 */
async function searchEveryPetition(
  search: SignatureSearch,
  settings: SearchSettings,
  since: string | undefined,
): Promise<SearchResult> {
  const index = search.kind === "email" ? "byEmail" : "byIp";
  const partitions =
    search.kind === "email"
      ? emailSearchPartitions(canonicalEmail(search.value, { stripPlusTag: settings.EMAIL_STRIP_PLUS_TAG }))
      : ipSearchPartitions(search.value);
  const found: SignatureRecord[] = [];
  for (const partition of partitions) {
    const items = await queryAll(
      {
        TableName: tableName(),
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk${since ? ` AND ${index}SK >= :since` : ""}`,
        ExpressionAttributeValues: { ":pk": partition, ...(since ? { ":since": since } : {}) },
        ScanIndexForward: false,
        ProjectionExpression: "PK, SK",
        Limit: SEARCH_MAX_RESULTS + 1,
      },
      SEARCH_MAX_RESULTS + 1,
    );
    // The index holds keys only: the signatures themselves are read by key.
    found.push(...((await batchGet(items)) as unknown as SignatureRecord[]));
  }
  // More than SEARCH_MAX_RESULTS in all: finish keeps the newest and says it is incomplete.
  return finish(found, true);
}

function finish(found: SignatureRecord[], complete: boolean): SearchResult {
  const sorted = found.sort((a, b) => b.created_at.localeCompare(a.created_at));
  return {
    signatures: sorted.slice(0, SEARCH_MAX_RESULTS),
    complete: complete && sorted.length <= SEARCH_MAX_RESULTS,
  };
}

/** What a sysadmin sees of a signature: its personal data, its state and what it counts. */
export function presentForStaff(signature: SignatureRecord & { deleted_at?: string; staff_log?: unknown }) {
  return {
    id: signature.id,
    petition_id: signature.petition_id,
    kind: signature.kind,
    state: signature.state,
    name: signature.name,
    email: signature.email,
    postcode: signature.postcode,
    location: signature.location,
    constituency: signature.constituency,
    ip: signature.ip,
    notify_by_email: signature.notify_by_email,
    // Every validated signature is in the counts (the counter adds each confirmation once).
    counted: signature.state === "validated",
    created_at: signature.created_at,
    validated_at: signature.validated_at ?? null,
    deleted_at: signature.deleted_at ?? null,
    staff_log: Array.isArray(signature.staff_log) ? signature.staff_log : [],
  };
}
