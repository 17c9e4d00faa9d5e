/**
 * Personal data at rest: a sent email's links (working tokens) are not kept in the outbox, and
 * petitions never published are stopped and their signers anonymised after
 * UNPUBLISHED_RETENTION_MONTHS, found through the due index.
 */
import { describe, expect, it } from "vitest";
import { settings } from "../../shared/config.ts";
import {
  get,
  getItem,
  mailTo,
  post,
  runSchedule,
  setItemFields,
  signer,
  staffToken,
  tableSnapshot,
  uniqueEmail,
} from "../support/api.ts";
import { gatherSponsors, openPetition, startPetition } from "../support/flows.ts";

const MONTHS = settings.UNPUBLISHED_RETENTION_MONTHS.parse(undefined);
const pad = (id: number) => String(id).padStart(12, "0");

describe("a sent email's links", () => {
  it("are dropped from the outbox and from the signature once sent, and were in the email", async () => {
    const started = await startPetition();
    const petition = await openPetition();
    const email = uniqueEmail("outbox");
    expect((await post(`/petitions/${petition.id}/signatures`, signer({ email }))).status).toBe(202);
    const mails = [...(await mailTo(email)), ...(await mailTo(started.creatorEmail))];
    // A link's token is a random one, or a minted `<key id>.<body>.<mac>`: each whole, never its
    // key id alone (which is no secret, and two letters long).
    const tokens = mails.flatMap((m) =>
      [...m.text.matchAll(/token=([A-Za-z0-9_.-]+)/g)].map((t) => t[1] ?? ""),
    );
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const minted = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$/;
    for (const token of tokens) expect(token).toMatch(new RegExp(`${minted.source}|^[A-Za-z0-9_-]{16,}$`));
    expect(tokens.filter((token) => minted.test(token)).length).toBeGreaterThanOrEqual(2);
    const items = await tableSnapshot();
    const outbox = items.filter(
      (i) => i.entity === "OUTBOX" && (i.to === email || i.to === started.creatorEmail),
    );
    // The signer's confirmation was carried by the signature itself, and marked sent there.
    const signed = items.filter((i) => i.entity === "SIGNATURE" && i.email === email);
    expect(signed).toHaveLength(1);
    expect(signed[0]?.mail_sent_at).toBeTruthy();
    expect(signed[0]?.mail_token).toBeUndefined();
    expect(outbox.length).toBe(mails.length - 1);
    for (const message of outbox) {
      expect(message.sent_at).toBeTruthy();
      expect((message.data as Record<string, unknown>).link).toBeUndefined();
      expect((message.data as Record<string, unknown>).petition_id).toBeTypeOf("number");
    }
    const text = JSON.stringify([...outbox, ...signed]);
    for (const token of tokens) expect(text).not.toContain(token);
  });
});

describe(`a petition never published, ${MONTHS} months after it was started`, () => {
  const age = async (id: number) => {
    const long = new Date(Date.now() - (MONTHS * 31 + 5) * 24 * 3600 * 1000).toISOString();
    await setItemFields(`PETITION#${id}`, "PETITION", { created_at: long, dueSK: `${long}#${pad(id)}` });
  };
  const signaturesOf = async (id: number) =>
    (await tableSnapshot()).filter((i) => i.entity === "SIGNATURE" && i.petition_id === id);

  it("is stopped and its signers anonymised; a younger one is left alone", async () => {
    const stuck = await startPetition();
    const supporters = await gatherSponsors(stuck, 2);
    // Started, never confirmed by its creator.
    const unconfirmed = uniqueEmail("unconfirmed");
    const created = await post<{ id: number }>("/petitions", {
      action: "Plant more trees in towns",
      background: "Trees cool streets.",
      ...signer({ name: "Una Confirmed", email: unconfirmed }),
    });
    expect(created.status).toBe(202);
    const young = await startPetition();
    expect((await getItem(`PETITION#${stuck.id}`, "PETITION"))?.duePK).toBe("UNPUBLISHED");
    await age(stuck.id);
    await age(created.body.id);
    const token = await staffToken("sysadmin");
    const everywhere = async (email: string) =>
      (await get<{ data: unknown[] }>(`/admin/signatures?email=${encodeURIComponent(email)}`, { token })).body
        .data;
    expect(await everywhere(unconfirmed)).toHaveLength(1);

    const result = (await runSchedule("AnonymiseSignatures")) as { petitions: number[]; stopped: number[] };
    expect(result.stopped).toEqual(expect.arrayContaining([stuck.id, created.body.id]));
    expect(result.petitions).toEqual(expect.arrayContaining([stuck.id, created.body.id]));
    expect(result.petitions).not.toContain(young.id);

    for (const id of [stuck.id, created.body.id]) {
      const petition = await getItem(`PETITION#${id}`, "PETITION");
      expect(petition?.state).toBe("stopped");
      expect(petition?.anonymised_at).toBeTruthy();
      expect(petition?.duePK).toBeUndefined();
      const signatures = await signaturesOf(id);
      expect(signatures.length).toBeGreaterThan(0);
      for (const s of signatures) {
        expect(s.anonymised_at).toBeTruthy();
        expect(s.email).toBe("");
        expect(s.name).toBe("");
        expect(s.ip).toBe("");
        expect(s).not.toHaveProperty("byEmailPK");
        expect(s).not.toHaveProperty("byIpPK");
      }
    }
    // Nor found by a search across petitions; a signer left alone still is.
    expect(await everywhere(unconfirmed)).toEqual([]);
    expect(await everywhere(young.creatorEmail)).toHaveLength(1);
    const text = JSON.stringify([
      ...(await signaturesOf(stuck.id)),
      ...(await signaturesOf(created.body.id)),
    ]);
    for (const email of [stuck.creatorEmail, unconfirmed, ...supporters]) expect(text).not.toContain(email);

    const untouched = await getItem(`PETITION#${young.id}`, "PETITION");
    expect(untouched?.state).toBe("validated");
    expect((await signaturesOf(young.id)).every((s) => s.email && !s.anonymised_at)).toBe(true);
  });
});
