/** What the seed writes beside the petitions, as the store's transactions and signing would have. */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { canonicalEmail, normaliseEmailForStorage } from "../../../shared/domain/email.ts";
import { statsKey } from "../../../shared/petitions/items.ts";
import { type SignatureRecord, signatureId } from "../../../shared/signatures/model.ts";
import { placeOf, signatureItem } from "../../../shared/signatures/sign.ts";
import type { signerSchema } from "../../../shared/signatures/submitted-fields.ts";
import { emailKeyOf, hashToken, newToken } from "../../../shared/signatures/tokens.ts";
import type { People } from "./people.ts";
import type { PlannedPetition } from "./plan.ts";

/** The state tally, as the store's transactions would have left it. */
export async function addStateTallies(
  db: DynamoDBDocumentClient,
  table: string,
  plan: readonly PlannedPetition[],
) {
  const byState = new Map<string, number>();
  for (const p of plan) byState.set(p.record.state, (byState.get(p.record.state) ?? 0) + 1);
  const states = [...byState];
  await db.send(
    new UpdateCommand({
      TableName: table,
      Key: statsKey,
      UpdateExpression: `ADD ${states.map((_, i) => `#s${i} :n${i}`).join(", ")}`,
      ExpressionAttributeNames: Object.fromEntries(states.map(([state], i) => [`#s${i}`, state])),
      ExpressionAttributeValues: Object.fromEntries(states.map(([, n], i) => [`:n${i}`, n])),
    }),
  );
}

/** Every signature of one petition, as signing and confirming would have stored it. */
export function* signatureItems(
  p: PlannedPetition,
  creator: ReturnType<People["creator"]>,
  people: People,
  signers: ReturnType<typeof signerSchema>,
  data: Parameters<typeof placeOf>[1],
  shards: number,
) {
  const home = Math.floor(p.record.id * 97) % people.postcodeCount;
  let n = 0;
  for (const planned of p.signatures) {
    const person = planned.kind === "creator" ? creator : people.person(++n, home);
    const signer = signers.parse({
      name: person.name,
      email: person.email,
      postcode: person.postcode,
      location: person.location,
      uk_citizenship: true,
      notify_by_email: planned.kind === "creator" || n % 400 === 1,
    });
    const emailKey = emailKeyOf(canonicalEmail(signer.email), p.record.id);
    const confirmedAt = planned.validatedAt;
    const createdAt = new Date((confirmedAt ?? Date.parse(p.record.created_at)) - 4 * 60_000).toISOString();
    const token = newToken();
    const record: SignatureRecord = {
      entity: "SIGNATURE",
      id: signatureId(p.record.id, 1, emailKey),
      petition_id: p.record.id,
      slot: 1,
      kind: planned.kind,
      name: signer.name,
      email: normaliseEmailForStorage(signer.email),
      postcode: signer.postcode,
      location: signer.location,
      ...placeOf(signer, data),
      ip: person.ip,
      state: confirmedAt === null ? "pending" : "validated",
      notify_by_email: signer.notify_by_email,
      // An unconfirmed creator can still be sent a fresh link; confirmed ones need none.
      token_hashes: confirmedAt === null ? [hashToken(token)] : [],
      unsubscribe_token: newToken(),
      email_count: 1,
      created_at: createdAt,
      ...(confirmedAt === null ? {} : { validated_at: new Date(confirmedAt).toISOString() }),
    };
    const expiresAt = confirmedAt === null ? Math.floor(Date.now() / 1000) + 30 * 86_400 : undefined;
    yield signatureItem(record, emailKey, shards, expiresAt);
  }
}
