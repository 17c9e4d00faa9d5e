/**
 * The sysadmins' signature tools as the API and the staff pages both use them: each search and
 * each action is written to the access log with who did it, when, what was asked and how many
 * signatures it found or changed.
 */
import type { SignatureAction } from "../domain/signature-actions.ts";
import { recordAccess } from "./access-log.ts";
import { actOnSignatures } from "./staff-actions.ts";
import {
  presentForStaff,
  type SearchSettings,
  type SignatureSearchQuery,
  searchOf,
  searchSignatures,
} from "./staff-search.ts";

export async function searchAndLog(
  query: SignatureSearchQuery,
  staffId: string,
  settings: SearchSettings,
  now: Date,
) {
  const search = searchOf(query);
  const result = await searchSignatures(search, settings, now);
  await recordAccess({
    staff_id: staffId,
    at: now.toISOString(),
    what: "search",
    query: {
      [search.kind]: search.value,
      petition_id: search.petitionId,
      ...(query.window ? { window: query.window } : {}),
    },
    results: result.signatures.length,
  });
  return { data: result.signatures.map(presentForStaff), complete: result.complete };
}

export async function actAndLog(ids: readonly string[], action: SignatureAction, staffId: string, now: Date) {
  const results = await actOnSignatures(ids, action, staffId, now);
  await recordAccess({
    staff_id: staffId,
    at: now.toISOString(),
    what: action,
    query: { signatures: [...new Set(ids)].join(" ") },
    results: results.filter((r) => r.outcome === "done").length,
  });
  return results;
}
