/**
 * The sysadmins' signature tools as the API and the staff pages both use them: each search and
 * each action is written to the access log with who did it, when, what was asked and how many
 * signatures it found or changed.
 */
import { type SignatureAction, signatureActions } from "../domain/signature-actions.ts";
import * as z from "../zod.ts";
import { recordAccess } from "./access-log.ts";
import { signatureIdSchema } from "./model.ts";
import { actOnSignatures } from "./staff-actions.ts";
import {
  presentForStaff,
  type SearchSettings,
  type SignatureSearchQuery,
  searchOf,
  searchSignatures,
} from "./staff-search.ts";
import { getSignature } from "./store.ts";

/** What an action on chosen signatures takes: the action and at most 100 signature ids. */
export const signatureActionsBody = z.object({
  action: z.enum(signatureActions, { error: `Choose one of ${signatureActions.join(", ")}` }),
  signatures: z
    .array(signatureIdSchema, { error: "Choose the signatures (a list of ids)" })
    .check(
      z.minLength(1, "Choose at least one signature"),
      z.maxLength(100, "Choose at most 100 signatures at a time"),
    ),
});

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
      ...(search.petitionId === undefined ? {} : { petition_id: search.petitionId }),
      ...(query.window ? { window: query.window } : {}),
    },
    results: result.signatures.length,
  });
  return { data: result.signatures.map(presentForStaff), complete: result.complete };
}

/** One signature as a sysadmin sees it, or null; a view that found one is logged (a miss shows nothing). */
export async function viewAndLog(id: string, staffId: string, now: Date) {
  const signature = await getSignature(id);
  if (!signature) return null;
  await recordAccess({
    staff_id: staffId,
    at: now.toISOString(),
    what: "view",
    query: { signature: id },
    results: 1,
  });
  return presentForStaff(signature);
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
