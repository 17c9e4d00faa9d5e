/**
 * The counter's second stage through the local engine: a petition's document shows its counts
 * as a snapshot refreshed at most once a minute (and by the per-minute schedule once signing
 * stops), and a delta whose merge failed after its retries is merged by the reconciliation job.
 */
import "../support/in-process.ts";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as api from "../support/api.ts";
import { openPetition } from "../support/flows.ts";

afterEach(() => api.service.clearFaults());
// The records parked here on purpose must not look like failures to the files that run next.
afterAll(async () => {
  expect((await api.call("DELETE", "/_local/dead-letters")).status).toBe(200);
});

const countOf = async (petitionId: number) =>
  (await api.get<{ signature_count: number }>(`/petitions/${petitionId}/count.json`)).body.signature_count;

/** Signs the petition; the answer confirms the signature (one UpdateItem). */
async function sign(petitionId: number): Promise<() => Promise<void>> {
  const person = api.signer();
  expect((await api.post(`/petitions/${petitionId}/signatures`, person)).status).toBe(202);
  await api.drain();
  const mail = (await api.mailbox()).find((m) => m.to.includes(String(person.email)));
  if (!mail) throw new Error("no confirmation email");
  const link = new URL(api.linkIn(mail, /verify/));
  return async () => {
    expect((await api.get(`${link.pathname}${link.search}`)).status).toBe(200);
  };
}

const signAndConfirm = async (petitionId: number) => (await sign(petitionId))();

async function deltasOf(petitionId: number) {
  return (await api.service.tableSnapshot()).filter(
    (item) => item.entity === "COUNT_DELTA" && item.petition_id === petitionId,
  );
}

describe("a petition's document", () => {
  it("shows its counts as a snapshot at most a minute old, refreshed once signing stops", async () => {
    const petition = await openPetition();
    await api.drain();
    // A snapshot taken just now: the next merge leaves the document as it is.
    await api.setItemFields(`PETITION#${petition.id}`, "PETITION", {
      counts_snapshot_at: new Date().toISOString(),
    });
    const documentBefore = await api.getItem(`PETITION#${petition.id}`, "PETITION");
    await signAndConfirm(petition.id);
    await api.drain();

    const counts = await api.getItem(`PETITION#${petition.id}`, "PETITION#COUNTS");
    expect(counts?.signature_count).toBe(Number(documentBefore?.signature_count) + 1);
    // Readers see the counts item; the document (and its place in the lists) waits.
    expect(await countOf(petition.id)).toBe(counts?.signature_count);
    const lagging = await api.getItem(`PETITION#${petition.id}`, "PETITION");
    expect(lagging?.signature_count).toBe(documentBefore?.signature_count);
    expect(lagging?.version).toBe(documentBefore?.version);
    expect(counts?.duePK).toBe("SNAPSHOT");

    // Stands in for the minute passing: the refresh falls due now.
    await api.setItemFields(`PETITION#${petition.id}`, "PETITION#COUNTS", {
      dueSK: `2000-01-01T00:00:00.000Z#${String(petition.id).padStart(12, "0")}`,
    });
    await api.runSchedule("ProcessThresholds");
    const refreshed = await api.getItem(`PETITION#${petition.id}`, "PETITION");
    expect(refreshed?.signature_count).toBe(counts?.signature_count);
    expect(refreshed?.visibleSK).toMatch(new RegExp(`^0*${String(counts?.signature_count)}#`));
    expect((await api.getItem(`PETITION#${petition.id}`, "PETITION#COUNTS"))?.duePK).toBeUndefined();
  });

  it("takes the counts at once when its snapshot is more than a minute old", async () => {
    const petition = await openPetition();
    await api.drain();
    await api.setItemFields(`PETITION#${petition.id}`, "PETITION", {
      counts_snapshot_at: new Date(Date.now() - 120_000).toISOString(),
    });
    await signAndConfirm(petition.id);
    await api.drain();
    const counts = await api.getItem(`PETITION#${petition.id}`, "PETITION#COUNTS");
    const document = await api.getItem(`PETITION#${petition.id}`, "PETITION");
    expect(document?.signature_count).toBe(counts?.signature_count);
    expect(counts?.duePK).toBeUndefined();
  });
});

describe("a count delta whose merge failed after its retries", () => {
  it("is merged by the reconciliation job, once", async () => {
    const petition = await openPetition();
    await api.drain();
    const before = await countOf(petition.id);
    // The first stage's transaction goes through; every merge after it fails until Lambda gives up.
    const confirm = await sign(petition.id);
    await api.service.faults([
      { client: "dynamodb", commands: ["TransactWriteItemsCommand"], skip: 1, error: "server" },
    ]);
    await confirm();
    await expect
      .poll(
        async () =>
          (await api.get<{ function: string }[]>("/_local/dead-letters")).body.filter(
            (p) => p.function === "MergeCounts",
          ).length,
        { timeout: 240_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    await api.service.clearFaults();
    const [waiting] = await deltasOf(petition.id);
    expect(waiting).toBeDefined();
    expect(await countOf(petition.id)).toBe(before);

    // Stands in for the sweep's five minutes passing.
    await api.setItemFields(String(waiting?.PK), String(waiting?.SK), {
      dueSK: `2000-01-01T00:00:00.000Z#${String(waiting?.PK)}#${String(waiting?.SK)}`,
    });
    const result = (await api.runSchedule("ReconcileCounts")) as { merged: number };
    expect(result.merged).toBeGreaterThanOrEqual(1);
    expect(await deltasOf(petition.id)).toEqual([]);
    expect(await countOf(petition.id)).toBe(before + 1);
    await api.runSchedule("ReconcileCounts");
    expect(await countOf(petition.id)).toBe(before + 1);
  });
});
