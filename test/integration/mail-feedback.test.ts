import { describe, expect, it } from "vitest";
import { keyOfSignatureId } from "../../shared/signatures/model.ts";
import {
  call,
  drain,
  finishedJob,
  get,
  getItem,
  linkIn,
  mailTo,
  post,
  setItemFields,
  signer,
  staffToken,
  tableSnapshot,
  uniqueEmail,
} from "../support/api.ts";
import { openPetition, signAndConfirm } from "../support/flows.ts";

interface Entry {
  id: string;
  reason: string;
  domain: string | null;
  created_by: string;
}

async function mailEvent(type: string, email: string) {
  const answer = await post<{ results: Record<string, { kind: string; unsubscribed?: boolean }> }>(
    "/_local/mail-events",
    { type, email },
  );
  expect(answer.status, answer.text).toBe(200);
  return answer.body.results.MailFeedback;
}

async function suppressionOf(email: string): Promise<Entry | undefined> {
  const sysadmin = await staffToken("sysadmin");
  const answer = await get<{ data: Entry[] }>(`/admin/suppressions?email=${encodeURIComponent(email)}`, {
    token: sysadmin,
  });
  expect(answer.status).toBe(200);
  return answer.body.data[0];
}

/** The signature id in the newest confirmation email to this address. */
async function signatureIdFor(email: string): Promise<string> {
  const [mail] = (await mailTo(email, /confirm your email/i)).slice(-1);
  if (!mail) throw new Error(`no confirmation email to ${email}`);
  return new URL(linkIn(mail, /\/verify\?token=/)).pathname.split("/")[2] ?? "";
}

async function signature(id: string) {
  const key = keyOfSignatureId(id);
  if (!key) throw new Error(`not a signature id: ${id}`);
  return getItem(key.PK, key.SK);
}

describe("a permanent bounce", () => {
  it("suppresses the address: no confirmation and no update email reaches it again", async () => {
    const petition = await openPetition();
    const [bounced, other] = await signAndConfirm(petition.id, 2, { notify: true });
    if (!bounced || !other) throw new Error("two signers expected");
    const bouncedSignature = await signatureIdFor(bounced);

    const outcome = await mailEvent("bounce", bounced);
    expect(outcome).toMatchObject({ kind: "suppressed", added: 1, unsubscribed: true });
    expect(await suppressionOf(bounced)).toMatchObject({
      reason: "bounce",
      domain: "example.com",
      created_by: "ses",
    });
    expect((await signature(bouncedSignature))?.notify_by_email).toBe(false);
    // The list holds no address.
    expect(JSON.stringify((await tableSnapshot()).filter((i) => i.entity === "SUPPRESSION"))).not.toContain(
      bounced,
    );

    // A later signature: the same answer, but its confirmation email is withheld for good.
    const second = await openPetition();
    const before = (await mailTo(bounced)).length;
    const signed = await post(`/petitions/${second.id}/signatures`, signer({ email: bounced }));
    expect(signed.status).toBe(202);
    await drain();
    expect(await mailTo(bounced)).toHaveLength(before);
    // The second petition's confirmation, carried by its signature: withheld, its token dropped.
    const carried = (await tableSnapshot()).filter(
      (i) => i.entity === "SIGNATURE" && i.email === bounced && i.petition_id === second.id,
    );
    expect(carried).toHaveLength(1);
    expect(carried[0]).toMatchObject({ mail_withheld_reason: "suppressed" });
    expect(carried[0]?.mail_sent_at).toBeUndefined();
    expect(carried[0]?.mail_token).toBeUndefined();

    // An update email: everyone subscribed but the bounced address. Resubscribed, it is still
    // withheld: the list, not the subscription, keeps the address out.
    const bouncedKey = keyOfSignatureId(bouncedSignature);
    if (!bouncedKey) throw new Error("bad id");
    await setItemFields(bouncedKey.PK, bouncedKey.SK, { notify_by_email: true });
    await drain();
    const token = await staffToken("moderator");
    const answer = await call<{ job_id: string }>(
      "PUT",
      `/admin/petitions/${petition.id}/government-response`,
      {
        token,
        body: { responded_on: "2026-11-20", summary: "We will act", email_signers: true },
      },
    );
    expect(answer.status).toBe(200);
    const job = await finishedJob(answer.body.job_id);
    expect(job.withheld).toBe(1);
    expect(await mailTo(other, /Government responded/)).toHaveLength(1);
    expect(await mailTo(petition.creatorEmail, /Government responded/)).toHaveLength(1);
    expect(await mailTo(bounced, /Government responded/)).toHaveLength(0);
  });
});

describe("a complaint", () => {
  it("turns off the signer's update emails and suppresses the address", async () => {
    const petition = await openPetition();
    const [complainer] = await signAndConfirm(petition.id, 1, { notify: true });
    if (!complainer) throw new Error("one signer expected");
    const id = await signatureIdFor(complainer);
    expect((await signature(id))?.notify_by_email).toBe(true);

    expect(await mailEvent("complaint", complainer)).toMatchObject({
      kind: "suppressed",
      unsubscribed: true,
    });
    expect((await signature(id))?.notify_by_email).toBe(false);
    expect(await suppressionOf(complainer)).toMatchObject({ reason: "complaint" });
    // A second complaint about the same email changes nothing.
    expect(await mailEvent("complaint", complainer)).toMatchObject({ added: 0, unsubscribed: false });
  });
});

describe("a delivery delay, a transient bounce's kin, and a reject", () => {
  it("are counted but suppress nothing", async () => {
    const petition = await openPetition();
    const [delayed] = await signAndConfirm(petition.id, 1, { notify: true });
    if (!delayed) throw new Error("one signer expected");
    expect(await mailEvent("delay", delayed)).toMatchObject({ kind: "counted" });
    expect(await mailEvent("reject", delayed)).toMatchObject({ kind: "counted" });
    expect(await suppressionOf(delayed)).toBeUndefined();
    expect((await signature(await signatureIdFor(delayed)))?.notify_by_email).toBe(true);
  });

  it("refuses an event that is not one of the four, naming the field", async () => {
    const answer = await post<{ fields: string[] }>("/_local/mail-events", {
      type: "open",
      email: uniqueEmail(),
    });
    expect(answer.status).toBe(422);
    expect(answer.body.fields).toEqual(["type"]);
  });
});

describe("sysadmins", () => {
  it("add an address, which then gets nothing, and remove it", async () => {
    const sysadmin = await staffToken("sysadmin");
    const email = uniqueEmail("asked-for-nothing");

    const bad = await post<{ errors?: unknown }>(
      "/admin/suppressions",
      { email: "not an address" },
      { token: sysadmin },
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("email");
    const crlf = await post("/admin/suppressions", { email, note: "line\r\nbreak" }, { token: sysadmin });
    expect(crlf.status).toBe(422);
    expect(crlf.text).toContain("note");
    expect(await suppressionOf(email)).toBeUndefined();

    const added = await post<{ data: Entry; added: boolean }>(
      "/admin/suppressions",
      { email: email.toUpperCase(), note: "Asked us by phone" },
      { token: sysadmin },
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ added: true, data: { reason: "manual" } });
    const again = await post<{ added: boolean }>("/admin/suppressions", { email }, { token: sysadmin });
    expect(again.status).toBe(200);
    expect(again.body.added).toBe(false);

    const page = await get<{ data: Entry[] }>("/admin/suppressions", { token: sysadmin });
    expect(page.body.data.map((e) => e.id)).toContain(added.body.data.id);

    const petition = await openPetition();
    expect((await post(`/petitions/${petition.id}/signatures`, signer({ email }))).status).toBe(202);
    await drain();
    expect(await mailTo(email)).toHaveLength(0);

    const removed = await call("DELETE", `/admin/suppressions?email=${encodeURIComponent(email)}`, {
      token: sysadmin,
    });
    expect(removed.status).toBe(200);
    expect(
      (await call("DELETE", `/admin/suppressions?email=${encodeURIComponent(email)}`, { token: sysadmin }))
        .status,
    ).toBe(404);
    expect(await suppressionOf(email)).toBeUndefined();

    // Off the list, the address is emailed again.
    const later = await openPetition();
    expect((await post(`/petitions/${later.id}/signatures`, signer({ email }))).status).toBe(202);
    expect(await mailTo(email, /confirm your email/i)).toHaveLength(1);
  });

  it("are the only staff who may read the list", async () => {
    const moderator = await staffToken("moderator");
    expect((await get("/admin/suppressions", { token: moderator })).status).toBe(403);
  });
});
