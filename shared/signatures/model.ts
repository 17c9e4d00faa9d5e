/** A signature as stored, and how its public id maps to its key. */
import { signatureKey } from "../db/keys.ts";
import * as z from "../zod.ts";

export const signatureStates = ["pending", "validated", "fraudulent", "invalidated"] as const;
export type SignatureState = (typeof signatureStates)[number];
export type SignatureKind = "creator" | "sponsor" | "signer";

export const signatureRecordSchema = z.object({
  entity: z.literal("SIGNATURE"),
  id: z.string(),
  petition_id: z.number().check(z.int()),
  slot: z.number().check(z.int()),
  kind: z.enum(["creator", "sponsor", "signer"]),
  name: z.string(),
  email: z.string(),
  postcode: z.nullable(z.string()),
  location: z.string(),
  constituency: z.nullable(z.string()),
  region: z.nullable(z.string()),
  ip: z.string(),
  state: z.enum(signatureStates),
  notify_by_email: z.boolean(),
  token_hashes: z.array(z.string()),
  unsubscribe_token: z.string(),
  email_count: z.number().check(z.int()),
  created_at: z.string(),
  validated_at: z.optional(z.string()),
  counted: z.optional(z.boolean()),
  anonymised_at: z.optional(z.string()),
  /** While unconfirmed: when the table's TTL removes it (epoch seconds). */
  expiresAt: z.optional(z.number()),
});
export type SignatureRecord = z.output<typeof signatureRecordSchema>;

export const signatureId = (petitionId: number, slot: number, emailKey: string) =>
  `${petitionId}-${slot}-${emailKey}`;

const ID_PATTERN = /^(\d{1,9})-([12])-([A-Za-z0-9_-]{22})$/;
export const signatureIdSchema = z.string().check(z.regex(ID_PATTERN, "Not a signature id"));

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
