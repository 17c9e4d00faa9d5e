/**
 * Sysadmins' actions on chosen signatures (shared/domain/signature-actions.ts says what each
 * does). Each is one conditional write on the signature, conditioned on the state read, so a
 * signer confirming at the same moment is never overwritten; the counts then change only
 * through the stream counter, exactly as they do for a confirmation or an invalidation.
 * Each change appends `{action, staff_id, at}` to the signature's `staff_log`.
 *
 * Deleting a counted signature is a state change the counter can count out (invalidated, with
 * the signer's name, email, postcode, IP and staff-search index keys removed at once) and a TTL
 * of now: DynamoDB then deletes the item. An uncounted one is deleted outright, on condition it is still uncounted.
 *
 * Access patterns (per signature):
 * - read it:     GetItem (consistent) SIGNATURE#<petition>#<email key> / SLOT#<n>
 * - change it:   UpdateItem, condition: state as read; or DeleteItem, condition: state as read
 *                and not counted
 */
import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { type ActionPlan, planAction, type SignatureAction } from "../domain/signature-actions.ts";
import { inParallel } from "../pool.ts";
import { keyOfSignatureId } from "./model.ts";
import { SEARCH_INDEX_ATTRIBUTES } from "./search-keys.ts";
import { getSignature } from "./store.ts";

export type ActionOutcome = "done" | "unchanged" | "not_found" | "refused" | "changed_meanwhile";
export interface ActionResult {
  id: string;
  outcome: ActionOutcome;
  reason?: string;
}

type Change = Extract<ActionPlan, { outcome: "change" }>["how"];

const SETS: Record<
  Exclude<Change, "remove">,
  { set: string; remove?: string; values: (now: string) => Record<string, unknown> }
> = {
  validate: {
    set: "#state = :validated, validated_at = :now",
    remove: "expiresAt",
    values: (now) => ({ ":validated": "validated", ":now": now }),
  },
  invalidate: {
    set: "#state = :invalidated, notify_by_email = :false, invalidated_at = :now",
    values: (now) => ({ ":invalidated": "invalidated", ":false": false, ":now": now }),
  },
  subscribe: { set: "notify_by_email = :true", values: () => ({ ":true": true }) },
  unsubscribe: { set: "notify_by_email = :false", values: () => ({ ":false": false }) },
  scrub: {
    set:
      "#state = :invalidated, notify_by_email = :false, invalidated_at = :now, deleted_at = :now, " +
      "#name = :blank, email = :blank, postcode = :null, ip = :blank, name_key = :blank, expiresAt = :expires",
    remove: SEARCH_INDEX_ATTRIBUTES,
    values: (now) => ({
      ":invalidated": "invalidated",
      ":false": false,
      ":now": now,
      ":blank": "",
      ":null": null,
      ":expires": Math.floor(Date.parse(now) / 1000),
    }),
  },
};

async function applyOne(
  id: string,
  action: SignatureAction,
  staffId: string,
  now: Date,
): Promise<ActionResult> {
  const key = keyOfSignatureId(id);
  const signature = key ? await getSignature(id) : null;
  if (!key || !signature) return { id, outcome: "not_found" };
  const plan = planAction(action, signature as typeof signature & { deleted_at?: string });
  if (plan.outcome === "unchanged") return { id, outcome: "unchanged" };
  if (plan.outcome === "refused") return { id, outcome: "refused", reason: plan.reason };
  const table = tableName();
  const at = now.toISOString();
  if (plan.how === "remove") {
    const removed = await writeIf(() =>
      db.send(
        new DeleteCommand({
          TableName: table,
          Key: key,
          ConditionExpression: "#state = :read AND (attribute_not_exists(counted) OR counted = :false)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":read": signature.state, ":false": false },
        }),
      ),
    );
    return { id, outcome: removed ? "done" : "changed_meanwhile" };
  }
  const change = SETS[plan.how];
  const names: Record<string, string> = { "#state": "state" };
  if (plan.how === "scrub") names["#name"] = "name";
  const changed = await writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression:
          `SET ${change.set}, staff_log = list_append(if_not_exists(staff_log, :empty), :entry)` +
          (change.remove ? ` REMOVE ${change.remove}` : ""),
        ConditionExpression: "#state = :read AND attribute_not_exists(deleted_at)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ...change.values(at),
          ":read": signature.state,
          ":empty": [],
          ":entry": [{ action, staff_id: staffId, at }],
        },
      }),
    ),
  );
  return { id, outcome: changed ? "done" : "changed_meanwhile" };
}

/** Applies one action to each chosen signature (ten at a time), in the order given. */
export function actOnSignatures(
  ids: readonly string[],
  action: SignatureAction,
  staffId: string,
  now: Date,
): Promise<ActionResult[]> {
  return inParallel(
    [...new Set(ids)].map((id) => () => applyOne(id, action, staffId, now)),
    10,
  );
}
