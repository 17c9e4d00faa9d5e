/**
 * What a sysadmin's action does to one signature, as e-petitions' admin signature tools do it:
 * - validate (forced): any state but validated becomes validated, as the confirmation link does;
 *   a creator's signature is left to the creator's own link, which also validates the petition;
 * - invalidate: any state but invalidated becomes invalidated and stops update emails;
 * - delete: the signature goes; one the counter has counted is first counted out (see
 *   shared/signatures/staff-actions.ts);
 * - subscribe / unsubscribe: update emails on or off; a creator's, or a pending signature's,
 *   cannot be turned off (e-petitions refuses both).
 * The counts change only through the counter reading the state change, never here.
 */
export const signatureActions = ["validate", "invalidate", "delete", "subscribe", "unsubscribe"] as const;
export type SignatureAction = (typeof signatureActions)[number];

export interface ActionSubject {
  kind: "creator" | "sponsor" | "signer";
  state: "pending" | "validated" | "fraudulent" | "invalidated";
  notify_by_email: boolean;
  counted?: boolean;
  deleted_at?: string;
}

export type ActionPlan =
  | { outcome: "unchanged" }
  | { outcome: "refused"; reason: string }
  | { outcome: "change"; how: "validate" | "invalidate" | "subscribe" | "unsubscribe" | "scrub" | "remove" };

export function planAction(action: SignatureAction, signature: ActionSubject): ActionPlan {
  if (signature.deleted_at) return { outcome: "unchanged" };
  switch (action) {
    case "validate":
      if (signature.state === "validated") return { outcome: "unchanged" };
      if (signature.kind === "creator")
        return { outcome: "refused", reason: "A petition's creator confirms by their own link" };
      return { outcome: "change", how: "validate" };
    case "invalidate":
      return signature.state === "invalidated"
        ? { outcome: "unchanged" }
        : { outcome: "change", how: "invalidate" };
    case "subscribe":
      return signature.notify_by_email ? { outcome: "unchanged" } : { outcome: "change", how: "subscribe" };
    case "unsubscribe":
      if (!signature.notify_by_email) return { outcome: "unchanged" };
      if (signature.kind === "creator")
        return { outcome: "refused", reason: "A petition's creator cannot be unsubscribed" };
      if (signature.state === "pending")
        return { outcome: "refused", reason: "A pending signature cannot be unsubscribed" };
      return { outcome: "change", how: "unsubscribe" };
    case "delete":
      // Counted (or about to be): counted out by the counter, then removed by the table's TTL.
      return signature.state === "validated" || signature.counted === true
        ? { outcome: "change", how: "scrub" }
        : { outcome: "change", how: "remove" };
  }
}
