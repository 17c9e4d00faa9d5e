/**
 * The sysadmins' signature search, always within one petition (a bounded read):
 * - email:  the signature partition of that address on that petition, found by its keyed hash
 *           (both slots; one consistent Query, 1 read unit);
 * - ip, domain, postcode, name: the petition's signatures through the signers index, shard by
 *           shard, matched here; at most SEARCH_MAX_READ items are read, past which the answer
 *           says it is incomplete.
 * A window (hours) keeps signatures made within it.
 *
 * Access patterns:
 * - by email:  Query SIGNATURE#<petition>#<email key>
 * - others:    Query signers SIGNERS#<petition>#<shard>, every shard, up to SEARCH_MAX_READ items
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { db, tableName } from "../db/client.ts";
import { signatureKey } from "../db/keys.ts";
import { queryPages } from "../db/query.ts";
import { canonicalEmail } from "../domain/email.ts";
import {
  matchesSearch,
  normaliseSearchValue,
  type SearchKind,
  searchKinds,
  windowHours,
} from "../domain/signature-search.ts";
import type { SignatureRecord } from "./model.ts";
import { emailKeyOf } from "./tokens.ts";

/** Signatures a search reads at most through the signers index (about 10 MB). */
export const SEARCH_MAX_READ = 20_000;
/** Signatures a search answers at most. */
export const SEARCH_MAX_RESULTS = 500;

const term = z.string().trim().min(1, "Enter something to search for").max(320, "That is too long");

/** The query of `GET /admin/signatures`: exactly one of the search kinds, one petition, a window. */
export const signatureSearchQuery = z
  .object({
    email: term.optional(),
    ip: term.optional(),
    domain: term.optional(),
    postcode: term.optional(),
    name: term.optional(),
    petition_id: z.coerce
      .number({ error: "Name the petition to search (a number)" })
      .int("Name the petition to search (a number)")
      .min(1, "Name the petition to search (a number)")
      .max(999_999_999, "No petition has that id"),
    window: z
      .string()
      .refine(
        (text) => windowHours(text) !== null,
        "Write the window as hours or days, like 24h or 7d (at most 90d)",
      )
      .optional(),
  })
  .superRefine((query, context) => {
    const given = searchKinds.filter((kind) => query[kind] !== undefined);
    if (given.length === 0)
      context.addIssue({
        code: "custom",
        path: ["email"],
        message: `Search by one of ${searchKinds.join(", ")}`,
      });
    for (const kind of given.slice(1))
      context.addIssue({ code: "custom", path: [kind], message: "Search by one thing at a time" });
  });
export type SignatureSearchQuery = z.output<typeof signatureSearchQuery>;

export interface SignatureSearch {
  kind: SearchKind;
  value: string;
  petitionId: number;
  windowHours?: number;
}

export function searchOf(query: SignatureSearchQuery): SignatureSearch {
  const kind = searchKinds.find((k) => query[k] !== undefined) ?? "email";
  const hours = query.window === undefined ? null : windowHours(query.window);
  return {
    kind,
    value: query[kind] ?? "",
    petitionId: query.petition_id,
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
  if (search.kind === "email") {
    const canonical = canonicalEmail(search.value, { stripPlusTag: settings.EMAIL_STRIP_PLUS_TAG });
    const key = signatureKey(search.petitionId, emailKeyOf(canonical, search.petitionId), 1);
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
  for (let shard = 0; shard < settings.SIGNER_INDEX_SHARDS; shard++) {
    const pages = queryPages({
      TableName: tableName(),
      IndexName: "signers",
      KeyConditionExpression: "signersPK = :pk",
      ExpressionAttributeValues: { ":pk": `SIGNERS#${search.petitionId}#${shard}` },
    });
    for await (const page of pages) {
      read += page.length;
      for (const item of page as unknown as SignatureRecord[]) {
        if (matchesSearch(item, search.kind, value, since)) found.push(item);
      }
      if (read >= SEARCH_MAX_READ || found.length > SEARCH_MAX_RESULTS) return finish(found, false);
    }
  }
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
    counted: signature.counted === true,
    created_at: signature.created_at,
    validated_at: signature.validated_at ?? null,
    deleted_at: signature.deleted_at ?? null,
    staff_log: Array.isArray(signature.staff_log) ? signature.staff_log : [],
  };
}
