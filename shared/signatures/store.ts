/**
 * Reading and confirming signatures.
 *
 * Access patterns:
 * - one signature by its public id:   GetItem SIGNATURE#<petition>#<email key> / SLOT#<n>
 * - confirm:                          Update, condition: still pending (idempotent)
 * - unsubscribe:                      Update notify_by_email
 * - every signer of a petition:       Query signers SIGNERS#<petition>#<shard>, shard by shard,
 *                                     keys only, then BatchGetItem of each page's signatures (the
 *                                     index projects only what the mail jobs read)
 * - which of them are confirmed:      BatchGetItem of a page's keys, state only (the index does
 *                                     not hold it: confirming a signature writes nothing there)
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { queryPages } from "../db/query.ts";
import type { PetitionRecord } from "../petitions/model.ts";
import { keyOfSignatureId, type SignatureRecord } from "./model.ts";

/** The signers index partition holding one shard of a petition's signatures. */
export const signersPartition = (petitionId: number, shard: number) => `SIGNERS#${petitionId}#${shard}`;

/** What a reader of the signers index narrows a shard's Query to. */
export interface SignersNarrowing {
  /** A FilterExpression over the projected attributes (shared/db/table.ts SIGNERS_PROJECTED). */
  filter?: string;
  /** A ProjectionExpression; "PK, SK" when the signatures are then read by key. */
  projection?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * The Query for one shard of a petition's signers: the one place the signers index is queried
 * (mail jobs, supporters, invalidation, retention and the whole-petition reads narrow it here).
 */
export const signersQuery = (
  petitionId: number,
  shard: number,
  { filter, projection, names, values }: SignersNarrowing = {},
) => ({
  TableName: tableName(),
  IndexName: "signers",
  KeyConditionExpression: "signersPK = :pk",
  ...(filter === undefined ? {} : { FilterExpression: filter }),
  ...(projection === undefined ? {} : { ProjectionExpression: projection }),
  ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
  ExpressionAttributeValues: { ...values, ":pk": signersPartition(petitionId, shard) },
});

/**
 * Every signature of a petition, whole: the signers index's keys page by page, shard by shard,
 * each page's items read by key.
 */
export async function* signerPages(
  petitionId: number,
  shards: number,
): AsyncGenerator<Record<string, unknown>[]> {
  for (let shard = 0; shard < shards; shard++) {
    for await (const page of queryPages(signersQuery(petitionId, shard, { projection: "PK, SK" }))) {
      if (page.length > 0) yield await batchGet(page);
    }
  }
}

/**
 * The entries of `page` (signers index entries, which carry the table's keys) whose signature is
 * confirmed, in their order: their states read by key, since the index leaves the state out.
 */
export async function confirmedOnly<T extends Record<string, unknown>>(page: readonly T[]): Promise<T[]> {
  if (page.length === 0) return [];
  const states = await batchGet(
    page.map((entry) => ({ PK: entry.PK, SK: entry.SK })),
    { projection: { expression: "PK, SK, #state", names: { "#state": "state" } } },
  );
  const confirmed = new Set(
    states.filter((item) => item.state === "validated").map((item) => `${item.PK}|${item.SK}`),
  );
  return page.filter((entry) => confirmed.has(`${entry.PK}|${entry.SK}`));
}

export async function getSignature(id: string): Promise<SignatureRecord | null> {
  const key = keyOfSignatureId(id);
  if (!key) return null;
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return (Item as SignatureRecord | undefined) ?? null;
}

/** The Update that confirms a pending signature; nothing happens to any other. */
export function confirmUpdate(id: string, now: Date, table = tableName()) {
  const key = keyOfSignatureId(id);
  if (!key) throw new Error("Not a signature id");
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: "SET #state = :validated, validated_at = :now REMOVE expiresAt",
      ConditionExpression: "#state = :pending",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: {
        ":validated": "validated",
        ":pending": "pending",
        ":now": now.toISOString(),
      },
    },
  };
}

/** The creator's name and address, for the emails a petition's creator is owed. */
export async function getCreator(petition: Pick<PetitionRecord, "creator_signature_id">) {
  const signature = await getSignature(petition.creator_signature_id);
  return signature ? { email: signature.email, name: signature.name } : null;
}

export async function setNotify(id: string, notify: boolean): Promise<boolean> {
  const key = keyOfSignatureId(id);
  if (!key) return false;
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: "SET notify_by_email = :notify",
      ConditionExpression: "attribute_exists(PK)",
      ExpressionAttributeValues: { ":notify": notify },
      ReturnValues: "UPDATED_OLD",
    }),
  );
  return Attributes?.notify_by_email === true;
}
