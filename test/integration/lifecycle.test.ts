import { describe, expect, it } from "vitest";
import { closingDateFor } from "../../shared/domain/closing-date.ts";
import {
  baseUrl,
  drain,
  everyListedId,
  get,
  getItem,
  mailTo,
  onlyMail,
  post,
  runSchedule,
  signer,
  staffToken,
  tableSnapshot,
} from "../support/api.ts";
import { closeNow, gatherSponsors, moderate, petitionText, startPetition } from "../support/flows.ts";

interface PetitionJson {
  data: { id: number; attributes: Record<string, unknown> };
}

describe("a petition from start to publication", () => {
  it("collects five supporters, passes moderation and opens for six months", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 5);
    await drain();

    // The creator hears that it is being checked, once.
    const checking = await mailTo(petition.creatorEmail, /has 5 supporters/);
    expect(checking).toHaveLength(1);

    // Not public until published: as petition.parliament.uk, its JSON address redirects to the
    // "we're checking this petition" page, which shows no text.
    const unpublished = await get(`/petitions/${petition.id}.json`);
    expect(unpublished.status).toBe(302);
    expect(unpublished.headers.get("location")).toBe(`/petitions/${petition.id}/moderation-info`);

    const token = await staffToken("moderator");
    const queue = await get<{ data: { id: number; state: string; signature_count: number }[] }>(
      "/admin/petitions?queue=in_moderation&count=100",
      { token },
    );
    expect(queue.status, queue.text).toBe(200);
    const queued = queue.body.data.find((p) => p.id === petition.id);
    expect(queued?.state).toBe("sponsored");
    expect(queued?.signature_count).toBe(6);

    const before = Date.now();
    const published = await moderate(petition.id, { decision: "publish" });
    expect(published.status).toBe(200);

    const answer = await get<PetitionJson>(`/petitions/${petition.id}.json`);
    expect(answer.status).toBe(200);
    const attributes = answer.body.data.attributes;
    expect(attributes.state).toBe("open");
    expect(attributes.signature_count).toBe(6);
    expect(attributes.creator_name).toBe("Chris Creator");
    const expectedClosing = closingDateFor(new Date(before), 6).closingDate;
    expect(attributes.closing_date).toBe(expectedClosing);
    expect(typeof attributes.moderation_threshold_reached_at).toBe("string");

    const mail = await onlyMail(petition.creatorEmail, /We published your petition/);
    expect(mail.text).toContain(`/petitions/${petition.id}`);
    expect(mail.html).toContain("<a href=");

    expect(await everyListedId("/petitions.json?state=open&count=50")).toContain(petition.id);

    // Staff actions are recorded with who and when.
    const stored = await getItem(`PETITION#${petition.id}`, "PETITION");
    const log = stored?.moderation_log as { action: string; staff_id: string; at: string }[];
    expect(log.at(-1)?.action).toBe("publish");
    expect(log.at(-1)?.staff_id).toMatch(/^staff-/);
  });

  it("hides the text of a petition rejected as offensive", async () => {
    const petition = await startPetition({ action: "Something offensive enough to hide" });
    await gatherSponsors(petition, 5);
    await drain();
    const rejected = await moderate(petition.id, {
      decision: "reject",
      reason_code: "offensive",
      details: "Swearing",
    });
    expect(rejected.status).toBe(200);
    expect((rejected.body as { data: { state: string } }).data.state).toBe("hidden");
    expect((await get(`/petitions/${petition.id}.json`)).status).toBe(404);
    expect(await everyListedId("/petitions.json?state=all&count=50")).not.toContain(petition.id);
    const mail = await onlyMail(petition.creatorEmail, /We rejected your petition/);
    expect(mail.text).toContain("Offensive or a joke");
    expect(mail.text).toContain("will not publish the text");
  });

  it("shows a petition rejected for a visible reason, with the reason", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 5);
    await drain();
    expect((await moderate(petition.id, { decision: "reject", reason_code: "duplicate" })).status).toBe(200);
    const answer = await get<PetitionJson>(`/petitions/${petition.id}.json`);
    expect(answer.body.data.attributes.state).toBe("rejected");
    expect(answer.body.data.attributes.rejection).toEqual({ code: "duplicate", details: null });
    expect(answer.body.data.attributes.creator_name).toBeNull();
    expect(answer.body.data.attributes).not.toHaveProperty("closing_date");
  });

  it("closes a petition whose closing date has passed, from the schedule", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 5);
    await drain();
    await moderate(petition.id, { decision: "publish" });
    // Six months pass: the closing time moves into the past.
    await closeNow(petition.id);
    const answer = await get<PetitionJson>(`/petitions/${petition.id}.json`);
    expect(answer.body.data.attributes.state).toBe("closed");
    expect(answer.body.data.attributes.closed_at).toMatch(/Z$/);
    // A second run finds nothing due.
    expect(((await runSchedule("ClosePetitions")) as { closed: number[] }).closed).not.toContain(petition.id);
  });
});

describe("a published petition taken down", () => {
  it("answers 410 Gone once hidden, and cannot be rejected through the moderation decision", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 5);
    await drain();
    expect((await moderate(petition.id, { decision: "publish" })).status).toBe(200);
    expect((await moderate(petition.id, { decision: "reject", reason_code: "duplicate" })).status).toBe(409);
    expect((await moderate(petition.id, { decision: "take_down", reason_code: "libellous" })).status).toBe(
      200,
    );
    expect((await get(`/petitions/${petition.id}.json`)).status).toBe(410);
  });

  it("is 410 Gone on every public read, JSON and pages, where an unknown petition is 404", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 5);
    await drain();
    expect((await moderate(petition.id, { decision: "publish" })).status).toBe(200);
    expect((await moderate(petition.id, { decision: "take_down", reason_code: "libellous" })).status).toBe(
      200,
    );
    const html = { headers: { accept: "text/html" } };
    const reads = (id: number) => [
      () => get(`/petitions/${id}.json`),
      () => get(`/petitions/${id}/count.json`),
      () => get(`/petitions/${id}/signatures-over-time.json`),
      () => get(`/petitions/${id}`, html),
      () => get(`/petitions/${id}/signatures/new`, html),
      () => post(`/petitions/${id}/signatures`, signer()),
    ];
    for (const read of reads(petition.id)) {
      const answer = await read();
      expect(answer.status, answer.text.slice(0, 200)).toBe(410);
    }
    for (const read of reads(999_999_999)) {
      const answer = await read();
      expect(answer.status, answer.text.slice(0, 200)).toBe(404);
    }
  });
});

describe("supporters", () => {
  it("are refused with a wrong token as if the petition did not exist", async () => {
    const petition = await startPetition();
    const before = await tableSnapshot();
    const answer = await post(`/petitions/${petition.id}/sponsors?token=wrong`, signer());
    expect(answer.status).toBe(404);
    expect(await tableSnapshot()).toEqual(before);
  });

  it("are refused clearly once the petition has the most it can have", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 8);
    await drain();
    const token = new URL(petition.sponsorLink).searchParams.get("token");
    const answer = await post<{ errors: { code: string; message: string }[] }>(
      `/petitions/${petition.id}/sponsors?token=${token}`,
      signer(),
    );
    expect(answer.status).toBe(409);
    expect(answer.body.errors[0]?.code).toBe("sponsors_full");
  });
});

describe("refusals", () => {
  const valid = () => ({ ...petitionText(), ...signer() });
  const cases: [string, Record<string, unknown>][] = [
    ["action", { action: "" }],
    ["action", { action: "x".repeat(81) }],
    ["action", { action: "=SUM(A1)" }],
    ["background", { background: "" }],
    ["background", { background: "x".repeat(301) }],
    ["additional_details", { additional_details: "x".repeat(801) }],
    ["name", { name: "" }],
    ["name", { name: "x".repeat(256) }],
    ["name", { name: "See https://spam.example" }],
    ["name", { name: "@alice" }],
    ["email", { email: "not-an-email" }],
    ["postcode", { postcode: "" }],
    ["postcode", { postcode: "NOT A POSTCODE" }],
    ["location", { location: "XX" }],
    ["uk_citizenship", { uk_citizenship: false }],
  ];

  it.each(cases)("names the field %s and writes nothing", async (field, change) => {
    const before = await tableSnapshot();
    const answer = await post<{ errors: { field: string; code: string; message: string }[] }>("/petitions", {
      ...valid(),
      ...change,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((e) => e.field)).toContain(field);
    expect(answer.body.errors.every((e) => e.message.length > 0)).toBe(true);
    expect(await tableSnapshot()).toEqual(before);
  });

  it("keeps staff routes from the public (401) and from the wrong role (403)", async () => {
    const petition = await startPetition();
    const before = await tableSnapshot();
    expect((await get("/admin/petitions")).status).toBe(401);
    expect((await post(`/admin/petitions/${petition.id}/moderation`, { decision: "publish" })).status).toBe(
      401,
    );
    const forged = await post(
      `/admin/petitions/${petition.id}/moderation`,
      { decision: "publish" },
      { token: "a.b.c" },
    );
    expect(forged.status).toBe(401);
    const { signStaffToken } = await import("../../infra/local/staff-token.ts");
    const noRole = await signStaffToken(baseUrl(), { roles: [] });
    expect(
      (await post(`/admin/petitions/${petition.id}/moderation`, { decision: "publish" }, { token: noRole }))
        .status,
    ).toBe(403);
    expect(await tableSnapshot()).toEqual(before);
  });

  it("refuses a stale transition with 409: publishing a rejected petition", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 5);
    await drain();
    expect((await moderate(petition.id, { decision: "reject", reason_code: "irrelevant" })).status).toBe(200);
    await drain();
    const before = await tableSnapshot();
    const answer = await moderate(petition.id, { decision: "publish" });
    expect(answer.status).toBe(409);
    expect(await tableSnapshot()).toEqual(before);
  });

  it("refuses to publish a petition whose creator has not confirmed", async () => {
    const created = await post<{ id: number }>("/petitions", valid());
    await drain();
    expect((await moderate(created.body.id, { decision: "publish" })).status).toBe(409);
  });
});

describe("two moderators acting at once", () => {
  it("lets exactly one win", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 5);
    await drain();
    const results = await Promise.all([
      moderate(petition.id, { decision: "publish" }),
      moderate(petition.id, { decision: "reject", reason_code: "duplicate" }),
      moderate(petition.id, { decision: "publish" }),
      moderate(petition.id, { decision: "reject", reason_code: "no-action" }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
    await drain();
    const decisionMails = (await mailTo(petition.creatorEmail)).filter((m) =>
      /We (published|rejected)/.test(m.subject),
    );
    expect(decisionMails).toHaveLength(1);
  });
});
