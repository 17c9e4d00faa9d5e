import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hashed } from "../../shared/signatures/trending-sources.ts";
import {
  call,
  drain,
  get,
  getItem,
  mailbox,
  post,
  setItemFields,
  signer,
  staffToken,
  tableSnapshot,
  uniqueEmail,
} from "../support/api.ts";
import { openPetition } from "../support/flows.ts";
import { someIp } from "../support/from-address.ts";
import { ENGINE_LOG } from "../support/global-setup.ts";

interface Found {
  id: string;
  petition_id: number;
  email: string;
  ip: string;
  name: string;
  postcode: string | null;
  state: string;
  notify_by_email: boolean;
}
interface Errors {
  errors: { field: string; message: string }[];
}

const sysadmin = () => staffToken("sysadmin", `sysadmin-${Date.now()}`);

async function sign(petitionId: number, fields: Record<string, unknown>, ip = someIp()) {
  const answer = await post(`/petitions/${petitionId}/signatures`, signer(fields), { ip });
  expect(answer.status).toBe(202);
}

async function search(query: string, token: string) {
  const answer = await get<{ data: Found[]; complete: boolean }>(`/admin/signatures?${query}`, { token });
  expect(answer.status).toBe(200);
  return answer.body;
}

/** A petition's signatures as stored (what a recount reads). */
async function storedSignatures(petitionId: number) {
  return (await tableSnapshot()).filter(
    (item) => item.entity === "SIGNATURE" && item.petition_id === petitionId,
  ) as unknown as (Found & { counted?: boolean; kind: string })[];
}

async function confirmAll(emails: readonly string[]) {
  await drain();
  const mails = await mailbox();
  for (const email of emails) {
    const mail = mails.find((m) => m.to.includes(email));
    const link = mail?.text.match(/https?:\/\/\S+\/verify\?token=\S+/)?.[0];
    if (!link) throw new Error(`no confirmation for ${email}`);
    expect((await get(new URL(link).pathname + new URL(link).search)).status).toBe(200);
  }
  await drain();
}

describe("the sysadmins' signature search", () => {
  it("finds signatures by email, IP, domain, postcode and name, and logs each search", async () => {
    const petition = await openPetition();
    const domain = `search-${Date.now()}.example`;
    const ip = someIp();
    const target = `quentin@${domain}`;
    await sign(petition.id, { email: target, name: "Quentin Quayle", postcode: "SW1A 2AA" }, ip);
    await sign(petition.id, { email: `other@${domain}`, name: "Other Person" });
    await sign(petition.id, { email: uniqueEmail(), name: "Someone Else" });
    await drain();
    const sub = `sysadmin-${Date.now()}`;
    const token = await staffToken("sysadmin", sub);
    const id = petition.id;

    const byEmail = await search(
      `email=${encodeURIComponent(target.toUpperCase())}&petition_id=${id}`,
      token,
    );
    expect(byEmail.data.map((s) => s.email)).toEqual([target]);
    expect(byEmail.data[0]).toMatchObject({ ip, name: "Quentin Quayle" });
    expect((await search(`ip=${ip}&petition_id=${id}`, token)).data.map((s) => s.email)).toEqual([target]);
    const byDomain = await search(`domain=${domain}&petition_id=${id}&window=24h`, token);
    expect(byDomain.data.map((s) => s.email).sort()).toEqual([`other@${domain}`, target]);
    expect(byDomain.complete).toBe(true);
    expect((await search(`postcode=sw1a2aa&petition_id=${id}`, token)).data.map((s) => s.email)).toEqual([
      target,
    ]);
    expect((await search(`name=quayle&petition_id=${id}&window=2`, token)).data).toHaveLength(1);

    const one = await get<{ data: Found }>(`/admin/signatures/${byEmail.data[0]?.id}`, { token });
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ email: target, ip });
    const missing = `${id}-2-AAAAAAAAAAAAAAAAAAAAAA`;
    expect((await get(`/admin/signatures/${missing}`, { token })).status).toBe(404);
    expect((await get<Errors>("/admin/signatures/not-an-id", { token })).status).toBe(422);

    const log = await get<{
      data: { staff_id: string; what: string; query: Record<string, unknown>; results: number }[];
    }>("/admin/access-log", { token });
    expect(log.status).toBe(200);
    const mine = log.body.data.filter((entry) => entry.staff_id === sub);
    // Five searches and the view that found a signature (a miss shows no personal data).
    expect(mine).toHaveLength(6);
    expect(mine).toContainEqual(
      expect.objectContaining({ what: "view", query: { signature: byEmail.data[0]?.id }, results: 1 }),
    );
    expect(mine).toContainEqual(
      expect.objectContaining({
        what: "search",
        query: { domain, petition_id: id, window: "24h" },
        results: 2,
      }),
    );
  });

  it("finds an email's and an IP address's signatures on every petition when none is named", async () => {
    const [first, second] = [await openPetition(), await openPetition()];
    const email = uniqueEmail("everywhere");
    const other = uniqueEmail("same-ip");
    const ip = someIp();
    await sign(first.id, { email: email.toUpperCase() }, ip);
    await sign(second.id, { email }, someIp());
    await sign(second.id, { email: other }, ip);
    await drain();
    const sub = `sysadmin-${Date.now()}`;
    const token = await staffToken("sysadmin", sub);

    const byEmail = await search(`email=${encodeURIComponent(email)}`, token);
    expect(byEmail.complete).toBe(true);
    // Newest first (the second petition's signature was made last), whatever the address's case.
    const found = (list: Found[]) => list.map((s) => [s.petition_id, s.email.toLowerCase()]);
    expect(found(byEmail.data)).toEqual([
      [second.id, email],
      [first.id, email],
    ]);
    const byIp = await search(`ip=${ip}&window=24h`, token);
    expect(found(byIp.data)).toEqual([
      [second.id, other],
      [first.id, email],
    ]);
    // The window bounds the index's sort key: a signature made three hours ago falls outside 2h.
    const older = (await tableSnapshot()).find((item) => item.id === byIp.data[1]?.id);
    const threeHoursAgo = new Date(Date.now() - 3 * 3600_000).toISOString();
    await setItemFields(String(older?.PK), String(older?.SK), {
      created_at: threeHoursAgo,
      byIpSK: `${threeHoursAgo}#${older?.id}`,
    });
    expect((await search(`ip=${ip}&window=2h`, token)).data.map((s) => s.email)).toEqual([other]);
    expect((await search(`ip=${ip}&window=4h`, token)).data).toHaveLength(2);
    // A petition named keeps the search to it.
    expect(found((await search(`ip=${ip}&petition_id=${first.id}`, token)).data)).toEqual([
      [first.id, email],
    ]);
    expect((await search(`email=${encodeURIComponent(uniqueEmail("nobody"))}`, token)).data).toEqual([]);

    const log = await get<{
      data: { staff_id: string; what: string; query: Record<string, unknown>; results: number }[];
    }>("/admin/access-log", { token });
    const mine = log.body.data.filter((entry) => entry.staff_id === sub);
    expect(mine).toContainEqual(expect.objectContaining({ what: "search", query: { email }, results: 2 }));
    expect(mine).toContainEqual(
      expect.objectContaining({ what: "search", query: { ip, window: "24h" }, results: 2 }),
    );
  });

  it("refuses moderators, and a search without a petition or with two terms, naming the field", async () => {
    const moderator = await staffToken("moderator");
    for (const [method, path] of [
      ["GET", "/admin/signatures?email=a@b.example&petition_id=1"],
      ["GET", "/admin/signatures/1-1-aaaaaaaaaaaaaaaaaaaaaa"],
      ["POST", "/admin/signatures/actions"],
      ["GET", "/admin/access-log"],
      ["GET", "/admin/petitions/1/trending-sources"],
      ["GET", "/admin/trending-allow-list"],
    ] as const) {
      const body =
        method === "POST" ? { action: "validate", signatures: ["1-1-aaaaaaaaaaaaaaaaaaaaaa"] } : undefined;
      expect((await call(method, path, { token: moderator, body })).status).toBe(403);
      expect((await call(method, path, { body })).status).toBe(401);
    }
    const token = await sysadmin();
    const cases = [
      ["domain=b.example", "petition_id"],
      ["postcode=SW1A1AA&petition_id=", "petition_id"],
      ["name=Smith", "petition_id"],
      ["email=a@b.example&ip=127.0.0.1&petition_id=1", "ip"],
      ["petition_id=1", "email"],
      ["email=a@b.example&petition_id=1&window=200d", "window"],
    ];
    for (const [query, field] of cases) {
      const answer = await get<Errors>(`/admin/signatures?${query}`, { token });
      expect(answer.status).toBe(422);
      expect(answer.body.errors.map((e) => e.field.replace(/^query\./, ""))).toContain(field);
    }
    const bad = await post<Errors>(
      "/admin/signatures/actions",
      { action: "explode", signatures: [] },
      { token },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(["action", "signatures"]));
  });
});

describe("the sysadmins' actions on chosen signatures", () => {
  it("change the counts only through the counter, so they equal a recount", async () => {
    const petition = await openPetition();
    const confirmed = Array.from({ length: 3 }, (_, i) => uniqueEmail(`counted${i}`));
    for (const email of confirmed) await sign(petition.id, { email, notify_by_email: true });
    await confirmAll(confirmed);
    const pending = [uniqueEmail("pending0"), uniqueEmail("pending1")];
    for (const email of pending) await sign(petition.id, { email });
    await drain();
    const token = await sysadmin();
    const idOf = async (email: string) =>
      (await search(`email=${encodeURIComponent(email)}&petition_id=${petition.id}`, token)).data[0]?.id ??
      "";
    // The counts item: what readers show (the document's snapshot lags it by up to a minute).
    const countNow = async () =>
      (await getItem(`PETITION#${petition.id}`, "PETITION#COUNTS"))?.signature_count;
    const before = Number(await countNow());

    const act = async (action: string, emails: string[]) => {
      const ids = await Promise.all(emails.map(idOf));
      const answer = await post<{ data: { id: string; outcome: string }[] }>(
        "/admin/signatures/actions",
        { action, signatures: ids },
        { token },
      );
      expect(answer.status).toBe(200);
      return answer.body.data.map((r) => r.outcome);
    };
    expect(await act("invalidate", [confirmed[0] as string])).toEqual(["done"]);
    expect(await act("invalidate", [confirmed[0] as string])).toEqual(["unchanged"]);
    expect(await act("unsubscribe", [confirmed[1] as string])).toEqual(["done"]);
    expect(await act("unsubscribe", [pending[1] as string])).toEqual(["unchanged"]);
    const deletedId = await idOf(confirmed[2] as string);
    expect(await act("delete", [confirmed[2] as string])).toEqual(["done"]);
    expect(await act("validate", [pending[0] as string])).toEqual(["done"]);
    const removedId = await idOf(pending[1] as string);
    expect(await act("delete", [pending[1] as string])).toEqual(["done"]);
    await drain();

    // -1 invalidated, -1 deleted, +1 validated.
    expect(await countNow()).toBe(before - 1);
    const stored = await storedSignatures(petition.id);
    expect(await countNow()).toBe(stored.filter((s) => s.state === "validated").length);
    const deleted = stored.find((s) => s.id === deletedId);
    expect(deleted).toMatchObject({ state: "invalidated", email: "", name: "", ip: "", postcode: null });
    // Gone from the indexes that search every petition too.
    expect(deleted).not.toHaveProperty("byEmailPK");
    expect(deleted).not.toHaveProperty("byIpPK");
    expect((await search(`email=${encodeURIComponent(confirmed[2] as string)}`, token)).data).toEqual([]);
    expect((await search(`email=${encodeURIComponent(confirmed[1] as string)}`, token)).data).toHaveLength(1);
    expect(stored.find((s) => s.id === removedId)).toBeUndefined();
    const subscribers = stored.filter((s) => s.state === "validated" && s.notify_by_email).length;
    expect((await getItem(`PETITION#${petition.id}`, "PETITION#COUNTS"))?.subscriber_count).toBe(subscribers);

    const log = await get<{ data: { what: string; results: number }[] }>("/admin/access-log", { token });
    expect(log.body.data.filter((e) => e.what === "delete").length).toBeGreaterThanOrEqual(2);
  });
});

describe("trending sources for sysadmins", () => {
  it("lists a source over the threshold with its address, notifies once, and skips the allow list", async () => {
    const petition = await openPetition();
    const token = await sysadmin();
    const allowed = someIp();
    const [, b, c] = allowed.split(".");
    const watched = `127.${b}.${(Number(c) + 1) % 256}.9`;
    const entry = { kind: "ip", value: `127.${b}.${c}.0/24` };
    const bad = await post<Errors>(
      "/admin/trending-allow-list",
      { kind: "ip", value: "10.0.0.0/40" },
      { token },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.field)).toContain("value");
    expect((await post("/admin/trending-allow-list", entry, { token })).status).toBe(201);

    // Signers after the first from one address are over the rate limit (never counted) until a
    // sysadmin validates them, which the counter then tallies.
    const emails = { [allowed]: [] as string[], [watched]: [] as string[] };
    for (const ip of [allowed, watched]) {
      for (let i = 0; i < 5; i++) {
        const email = uniqueEmail(`trend${i}`);
        emails[ip]?.push(email);
        await sign(petition.id, { email }, ip);
      }
    }
    await drain();
    const ids = (await storedSignatures(petition.id)).filter((s) => s.kind === "signer").map((s) => s.id);
    const validated = await post(
      "/admin/signatures/actions",
      { action: "validate", signatures: ids },
      { token },
    );
    expect(validated.status).toBe(200);
    await drain();

    const sources = await get<{
      data: { kind: string; value: string; count: number; notified_at: string | null }[];
    }>(`/admin/petitions/${petition.id}/trending-sources`, { token });
    expect(sources.status).toBe(200);
    const ips = sources.body.data.filter((s) => s.kind === "ip");
    expect(ips).toEqual([
      expect.objectContaining({ value: watched, count: 5, notified_at: expect.any(String) }),
    ]);

    const lines = readFileSync(ENGINE_LOG, "utf8")
      .split("\n")
      .filter((line) => line.includes(`"petitionId":${petition.id},`));
    const notified = lines.filter((line) => line.includes('"code":"trending_notify"'));
    expect(notified.filter((line) => line.includes(hashed("ip", watched)))).toHaveLength(1);
    expect(lines.filter((line) => line.includes(hashed("ip", allowed)))).toHaveLength(0);
    for (const line of lines) expect(line).not.toContain(watched);

    expect(
      (await call("DELETE", `/admin/trending-allow-list?kind=ip&value=${entry.value}`, { token })).status,
    ).toBe(200);
  });
});
