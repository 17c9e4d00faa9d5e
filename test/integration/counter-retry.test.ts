/**
 * The counter under Lambda's retries: the same batch delivered twice, and its second half
 * delivered again, add each signature once. Stage 1 runs here in the test process against the
 * same DynamoDB Local the engine uses; the engine's MergeCounts merges the deltas it writes.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import "../support/in-process.ts";
import { keyOfSignatureId } from "../../shared/signatures/model.ts";
import { drain, get, getItem, linkIn, mailbox, post, signer } from "../support/api.ts";
import { openPetition } from "../support/flows.ts";
import { modifyRecord } from "../support/stream-record.ts";

let countBatch: (
  event: DynamoDBStreamEvent & { shardId: string },
) => Promise<{ batchItemFailures: unknown[] }>;

beforeAll(async () => {
  ({ countBatch } = await import("../../functions/streams/count-signatures.ts"));
});

async function pendingSignatures(petitionId: number, n: number) {
  const people = Array.from({ length: n }, () => signer());
  for (const person of people) await post(`/petitions/${petitionId}/signatures`, person);
  await drain();
  const mails = await mailbox();
  const items = [];
  for (const person of people) {
    const mail = mails.find((m) => m.to.includes(String(person.email)));
    if (!mail) throw new Error("no confirmation email");
    const id = new URL(linkIn(mail, /verify/)).pathname.split("/")[2] as string;
    const key = keyOfSignatureId(id);
    if (!key) throw new Error("no signature id");
    items.push((await getItem(key.PK, key.SK)) as Record<string, unknown>);
  }
  return items;
}

/** The stream record a confirmation produces: pending before, validated after. */
function confirmationRecord(item: Record<string, unknown>, sequence: number): DynamoDBRecord {
  const validated = { ...item, state: "validated", validated_at: new Date().toISOString() };
  return modifyRecord({ PK: item.PK, SK: item.SK }, item, validated, sequence);
}

describe("the counter fed the same batch twice", () => {
  it("counts each signature once", async () => {
    const petition = await openPetition();
    const items = await pendingSignatures(petition.id, 4);
    const records = items.map((item, i) => confirmationRecord(item, 1000 + i));
    const before = (await get<{ signature_count: number }>(`/petitions/${petition.id}/count.json`)).body
      .signature_count;

    // A shard of this test's own: its cursor starts empty.
    const shardId = `shardId-retry-${petition.id}`;
    expect((await countBatch({ shardId, Records: records })).batchItemFailures).toEqual([]);
    expect((await countBatch({ shardId, Records: records })).batchItemFailures).toEqual([]);
    expect((await countBatch({ shardId, Records: records.slice(2) })).batchItemFailures).toEqual([]);
    await drain();

    const after = (await get<{ signature_count: number }>(`/petitions/${petition.id}/count.json`)).body
      .signature_count;
    expect(after - before).toBe(4);
  });
});
