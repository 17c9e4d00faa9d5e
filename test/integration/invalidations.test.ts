/**
 * Bulk invalidations through the local engine: the preview is exact, the job invalidates what it
 * names and no more, a cancel stops it between pages, a crash mid-page resumes without doing
 * anything twice, and after all of it the petition's counts equal a recount of its signatures
 * (thresholds stamped while the count was high are cleared once it falls back).
 */
import "../support/in-process.ts";
import { afterEach, describe, expect, inject, it } from "vitest";
import { putAll } from "../../infra/local/bulk.ts";
import { canonicalEmail, normaliseEmailForStorage } from "../../shared/domain/email.ts";
import type { SignatureRecord } from "../../shared/signatures/model.ts";
import { signatureId } from "../../shared/signatures/model.ts";
import { signatureItem } from "../../shared/signatures/sign.ts";
import { signerPages } from "../../shared/signatures/store.ts";
import { emailKeyOf } from "../../shared/signatures/tokens.ts";
import { call, get, getItem, post, runSchedule, service, staffToken } from "../support/api.ts";
import { openPetition } from "../support/flows.ts";

// The service's own client, pointed at the test engine's table by in-process.ts.
const { db: documents } = await import("../../shared/db/client.ts");
const table = inject("tableName");
const SHARDS = 10;
const CONSTITUENCIES = ["E14000639", "E14000540", "W07000043"];

afterEach(() => service.clearFaults());

interface Shown {
  id: string;
  state: string;
  matching_count: number | null;
  invalidated_count: number;
  log: { action: string; staff_id: string; at: string }[];
}

/** 300 signatures: 120 from bots.example, 180 from people.example; every tenth unconfirmed. */
function signatures(petitionId: number) {
  const created = Date.now() - 3_600_000;
  return Array.from({ length: 300 }, (_, n) => {
    const domain = n < 120 ? "bots.example" : "people.example";
    const email = `signer.${n}@${domain}`;
    const emailKey = emailKeyOf(canonicalEmail(email), petitionId);
    const pending = n % 10 === 0;
    const record: SignatureRecord = {
      entity: "SIGNATURE",
      id: signatureId(petitionId, 1, emailKey),
      petition_id: petitionId,
      slot: 1,
      kind: "signer",
      name: `Signer ${n}`,
      email: normaliseEmailForStorage(email),
      postcode: "SW1A 1AA",
      location: "GB",
      constituency: CONSTITUENCIES[n % 3] ?? null,
      region: "E12000007",
      ip: `192.0.2.${n % 250}`,
      state: pending ? "pending" : "validated",
      notify_by_email: n % 2 === 0,
      token_hashes: [],
      unsubscribe_token: "t",
      email_count: 1,
      created_at: new Date(created + n * 1000).toISOString(),
      ...(pending ? {} : { validated_at: new Date(created + n * 1000 + 500).toISOString() }),
    };
    return signatureItem(record, emailKey, SHARDS);
  });
}

/** Every signature of the petition, whole (the signers index holds only what mail reads). */
async function signersOf(petitionId: number) {
  const items: Record<string, unknown>[] = [];
  for await (const page of signerPages(petitionId, SHARDS)) items.push(...page);
  return items;
}

/** The petition's counts against a recount of its validated signatures. */
async function expectCountsEqualRecount(petitionId: number) {
  const validated = (await signersOf(petitionId)).filter((s) => s.state === "validated");
  const byConstituency: Record<string, number> = {};
  for (const s of validated) {
    const c = s.constituency as string | null;
    if (c) byConstituency[c] = (byConstituency[c] ?? 0) + 1;
  }
  await expect
    .poll(async () => (await getItem(`PETITION#${petitionId}`, "PETITION#COUNTS"))?.signature_count, {
      timeout: 30_000,
    })
    .toBe(validated.length);
  // The counts item: what readers show (the document's snapshot lags it by up to a minute).
  const petition = await getItem(`PETITION#${petitionId}`, "PETITION#COUNTS");
  const counted = Object.fromEntries(
    Object.entries((petition?.by_constituency ?? {}) as Record<string, number>).filter(([, n]) => n > 0),
  );
  expect(counted).toEqual(byConstituency);
  expect(petition?.subscriber_count).toBe(validated.filter((s) => s.notify_by_email === true).length);
}

const ours = async (petitionId: number, id: string) =>
  (await signersOf(petitionId)).filter((s) => s.invalidation_id === id);

describe("bulk invalidations", () => {
  let petitionId = 0;
  let token = "";
  let before = 0;

  it("counts 300 signatures written straight to the table, and stamps the thresholds they cross", async () => {
    const petition = await openPetition();
    petitionId = petition.id;
    token = await staffToken("sysadmin");
    await putAll(documents, table, signatures(petitionId));
    before = (await signersOf(petitionId)).filter((s) => s.state === "validated").length;
    await expect
      .poll(async () => (await getItem(`PETITION#${petitionId}`, "PETITION#COUNTS"))?.signature_count, {
        timeout: 30_000,
      })
      .toBe(before);
    // The count is past the response and debate thresholds: the scheduled job stamps them.
    await runSchedule("ProcessThresholds");
    const stamped = await getItem(`PETITION#${petitionId}`, "PETITION");
    expect(stamped?.response_threshold_reached_at).toBeTruthy();
    expect(stamped?.debate_threshold_reached_at).toBeTruthy();
  }, 120_000);

  const create = (body: Record<string, unknown>) =>
    post<{ id: string; state: string }>("/admin/invalidations", body, { token });
  const shown = async (id: string) =>
    (await get<{ data: Shown }>(`/admin/invalidations/${id}`, { token })).body.data;

  it("is for sysadmins, and refuses bad criteria naming the field, writing nothing", async () => {
    const body = { petition_id: petitionId, domain: "bots.example", summary: "Bots" };
    expect((await post("/admin/invalidations", body)).status).toBe(401);
    expect((await post("/admin/invalidations", body, { token: await staffToken("moderator") })).status).toBe(
      403,
    );
    const listed = async () =>
      (await get<{ data: unknown[] }>("/admin/invalidations", { token })).body.data.length;
    const count = await listed();
    for (const [bad, field] of [
      [{ summary: "Nothing named" }, "criteria"],
      [{ summary: "x", ip: "300.1.1.1" }, "ip"],
      [{ summary: "x", postcode: "nowhere" }, "postcode"],
      [{ domain: "bots.example" }, "summary"],
    ] as const) {
      const answer = await post<{ errors: { field: string }[] }>("/admin/invalidations", bad, { token });
      expect(answer.status).toBe(422);
      expect(answer.body.errors.map((e) => e.field)).toContain(field);
    }
    expect(await listed()).toBe(count);
    expect((await get("/admin/invalidations?state=nonsense", { token })).status).toBe(422);
    expect((await post("/admin/invalidations/not-an-id/start", {}, { token })).status).toBe(422);
  });

  it("previews one email on one petition by its key", async () => {
    const created = await create({
      petition_id: petitionId,
      email: "Signer.130@People.example",
      summary: "One",
    });
    const answer = await post<{ matching_count: number }>(
      `/admin/invalidations/${created.body.id}/count`,
      {},
      {
        token,
      },
    );
    expect(answer.body).toEqual({ matching_count: 1 });
    expect((await post(`/admin/invalidations/${created.body.id}/cancel`, {}, { token })).status).toBe(202);
  });

  it("by domain: previews the exact number, runs, and the counts equal a recount", async () => {
    const created = await create({
      petition_id: petitionId,
      domain: "bots.example",
      summary: "Bots",
      details: "x",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: "pending" });
    const { id } = created.body;
    const preview = await post<{ matching_count: number }>(`/admin/invalidations/${id}/count`, {}, { token });
    expect(preview.status).toBe(200);
    expect(preview.body.matching_count).toBe(120);
    expect((await post(`/admin/invalidations/${id}/start`, {}, { token })).status).toBe(202);
    expect((await post(`/admin/invalidations/${id}/start`, {}, { token })).status).toBe(409);
    await expect.poll(async () => (await shown(id)).state, { timeout: 30_000 }).toBe("completed");
    const done = await shown(id);
    expect(done.invalidated_count).toBe(120);
    expect(done.log.map((e) => e.action)).toEqual(["created", "counted", "started"]);
    expect(done.log.every((e) => e.staff_id && e.at)).toBe(true);
    const invalidated = await ours(petitionId, id);
    expect(invalidated).toHaveLength(120);
    expect(invalidated.every((s) => s.state === "invalidated" && s.notify_by_email === false)).toBe(true);
    expect(invalidated.every((s) => String(s.email).endsWith("@bots.example"))).toBe(true);
    await expectCountsEqualRecount(petitionId);
    expect((await getItem(`PETITION#${petitionId}`, "PETITION#COUNTS"))?.signature_count).toBe(before - 108);
    const listed = await get<{ data: Shown[] }>("/admin/invalidations?state=completed", { token });
    expect(listed.body.data.map((i) => i.id)).toContain(id);
  }, 120_000);

  it("cancelled half way, it stops between pages and counts what it did", async () => {
    const { id } = (await create({ petition_id: petitionId, domain: "people.example", summary: "People" }))
      .body;
    expect(
      (await post<{ matching_count: number }>(`/admin/invalidations/${id}/count`, {}, { token })).body,
    ).toEqual({
      matching_count: 180,
    });
    // Every signer-index read after the first three fails: the job holds after at most three pages.
    await service.faults([
      { client: "dynamodb", commands: ["QueryCommand"], skip: 3, times: 100_000, error: "throttle" },
    ]);
    expect((await post(`/admin/invalidations/${id}/start`, {}, { token })).status).toBe(202);
    // Held: some pages done, and the next page's read refused.
    const held = async () =>
      (await shown(id)).invalidated_count > 0 &&
      (await get<{ injected: number }>("/_local/faults")).body.injected > 0;
    await expect.poll(held, { timeout: 30_000 }).toBe(true);
    expect((await post(`/admin/invalidations/${id}/cancel`, {}, { token })).status).toBe(202);
    await service.clearFaults();
    await service.drain();
    const cancelled = await shown(id);
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.invalidated_count).toBeGreaterThan(0);
    expect(cancelled.invalidated_count).toBeLessThan(180);
    expect((await ours(petitionId, id)).length).toBe(cancelled.invalidated_count);
    expect((await post(`/admin/invalidations/${id}/cancel`, {}, { token })).status).toBe(409);
    await expectCountsEqualRecount(petitionId);
  }, 120_000);

  it("a crash mid-page resumes without doing anything twice", async () => {
    const { id } = (await create({ petition_id: petitionId, domain: "people.example", summary: "The rest" }))
      .body;
    const remaining = (
      await post<{ matching_count: number }>(`/admin/invalidations/${id}/count`, {}, { token })
    ).body.matching_count;
    expect(remaining).toBeGreaterThan(0);
    await service.faults([
      // A reply lost after the write landed: the retry finds it already this invalidation's.
      {
        client: "dynamodb",
        commands: ["UpdateItemCommand"],
        skip: 8,
        times: 1,
        error: "server",
        phase: "after",
      },
      // A page that fails past the SDK's retries: the stream runs the page again.
      { client: "dynamodb", commands: ["UpdateItemCommand"], skip: 20, times: 40, error: "server" },
    ]);
    expect((await post(`/admin/invalidations/${id}/start`, {}, { token })).status).toBe(202);
    await expect.poll(async () => (await shown(id)).state, { timeout: 60_000 }).toBe("completed");
    expect((await get<{ injected: number }>("/_local/faults")).body.injected).toBeGreaterThanOrEqual(5);
    const done = await shown(id);
    expect(done.invalidated_count).toBe(remaining);
    expect((await ours(petitionId, id)).length).toBe(remaining);
    expect((await get<unknown[]>("/_local/dead-letters")).body).toEqual([]);
    await expectCountsEqualRecount(petitionId);
    // Only the creator and supporters are left, under the response threshold: its stamps go.
    const petition = await getItem(`PETITION#${petitionId}`, "PETITION");
    expect(petition?.signature_count).toBeLessThan(10);
    expect(petition?.response_threshold_reached_at).toBeUndefined();
    expect(petition?.debate_threshold_reached_at).toBeUndefined();
    expect((await call("GET", `/admin/invalidations/${crypto.randomUUID()}`, { token })).status).toBe(404);
  }, 120_000);
});
