/** A signature as stored, and how its public id maps to its key. */
import * as z from "zod";
import { signatureKey } from "../db/keys.ts";

export const signatureStates = ["pending", "validated", "fraudulent", "invalidated"] as const;
export type SignatureState = (typeof signatureStates)[number];
export type SignatureKind = "creator" | "sponsor" | "signer";

export const signatureRecordSchema = z.object({
  entity: z.literal("SIGNATURE"),
  id: z.string(),
  petition_id: z.number().int(),
  slot: z.number().int(),
  kind: z.enum(["creator", "sponsor", "signer"]),
  name: z.string(),
  email: z.string(),
  postcode: z.string().nullable(),
  location: z.string(),
  constituency: z.string().nullable(),
  region: z.string().nullable(),
  ip: z.string(),
  state: z.enum(signatureStates),
  notify_by_email: z.boolean(),
  token_hashes: z.array(z.string()),
  unsubscribe_token: z.string(),
  email_count: z.number().int(),
  created_at: z.string(),
  validated_at: z.string().optional(),
  counted: z.boolean().optional(),
  anonymised_at: z.string().optional(),
  /** While unconfirmed: when the table's TTL removes it (epoch seconds). */
  expiresAt: z.number().optional(),
});
export type SignatureRecord = z.output<typeof signatureRecordSchema>;

export const signatureId = (petitionId: number, slot: number, emailKey: string) =>
  `${petitionId}-${slot}-${emailKey}`;

const ID_PATTERN = /^(\d{1,9})-([12])-([A-Za-z0-9_-]{22})$/;
export const signatureIdSchema = z.string().regex(ID_PATTERN, "Not a signature id");

/** The petition a signature id belongs to, or null when it is not a signature id. */
export function petitionOfSignatureId(id: string): number | null {
  const match = id.match(ID_PATTERN);
  return match?.[1] ? Number(match[1]) : null;
}

export function keyOfSignatureId(id: string) {
  const match = id.match(ID_PATTERN);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return signatureKey(Number(match[1]), match[3], Number(match[2]));
}
