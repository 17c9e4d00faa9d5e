/**
 * The service cannot be turned into a mail cannon: one attacker, naming one victim's address in
 * a hundred supporter sign-ups and a hundred signatures over five petitions, makes it send that
 * address at most the daily cap, never more than the per-petition cap about one petition, and
 * nothing at all to a blocked address; every answer is the one an honest person gets, and the
 * table holds nothing that would count. Line breaks in one-line fields are refused.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { settings } from "../../shared/config.ts";
import { inParallel } from "../../shared/pool.ts";
import { MAX_EMAILS_PER_SIGNATURE } from "../../shared/signatures/sign.ts";
import {
  type Answer,
  drain,
  get,
  type Mail,
  mailbox,
  mailTo,
  post,
  signer,
  someIp,
  staffToken,
  tableSnapshot,
  uniqueEmail,
} from "../support/api.ts";
import { openPetition, petitionText, type StartedPetition, startPetition } from "../support/flows.ts";
import { TEST_SETTINGS } from "../support/global-setup.ts";

/** The caps the engine runs with: the defaults unless the test settings name them. */
const setting = (name: "MAIL_PER_ADDRESS_DAY" | "MAIL_PER_PETITION_DAY" | "MAX_SPONSOR_SIGNUPS") =>
  settings[name].parse((TEST_SETTINGS as Record<string, string | undefined>)[name]);
const PER_ADDRESS = setting("MAIL_PER_ADDRESS_DAY");
const PER_PETITION = setting("MAIL_PER_PETITION_DAY");
const SIGNUPS = setting("MAX_SPONSOR_SIGNUPS");

const tokenOf = (petition: StartedPetition) => new URL(petition.sponsorLink).searchParams.get("token");
const sameAnswer = (answer: Answer, honest: Answer) => {
  expect(answer.status).toBe(honest.status);
  expect(answer.body).toEqual(honest.body);
};
const aboutPetition = (mails: Mail[], id: number) =>
  mails.filter((m) => m.text.includes(`/petitions/${id}`) || m.text.includes(`/signatures/${id}-`));

describe("an attacker naming one victim's address", () => {
  const attackerIp = someIp();
  const victim = uniqueEmail("victim");
  let attackers: StartedPetition;
  const open: StartedPetition[] = [];
  let honestSupport: Answer;
  let honestSignature: Answer;
  const answers: Answer[] = [];

  beforeAll(async () => {
    attackers = await startPetition({ action: "Visit evil.example to claim your refund" });
    for (let i = 0; i < 5; i++) open.push(await openPetition());
    honestSupport = await post(`/petitions/${attackers.id}/sponsors?token=${tokenOf(attackers)}`, signer());
    honestSignature = await post(`/petitions/${open[0]?.id}/signatures`, signer());

    // A hundred supporter sign-ups for the victim, under many names, from one address.
    answers.push(
      ...(await inParallel(
        Array.from(
          { length: 100 },
          (_, i) => () =>
            post(
              `/petitions/${attackers.id}/sponsors?token=${tokenOf(attackers)}`,
              signer({ name: `Victim Name ${i % 7}`, email: victim, postcode: "SW1A 1AA" }),
              { ip: attackerIp },
            ),
        ),
        20,
      )),
    );
    // A hundred signatures for the victim over five open petitions.
    answers.push(
      ...(await inParallel(
        Array.from(
          { length: 100 },
          (_, i) => () =>
            post(
              `/petitions/${open[i % 5]?.id}/signatures`,
              signer({ name: `Victim Name ${i % 3}`, email: victim, postcode: "SW1A 1AA" }),
              { ip: attackerIp },
            ),
        ),
        20,
      )),
    );
    await drain();
  });

  it("gets every answer an honest person gets", () => {
    expect(answers).toHaveLength(200);
    for (const answer of answers.slice(0, 100)) sameAnswer(answer, honestSupport);
    for (const answer of answers.slice(100)) sameAnswer(answer, honestSignature);
    expect(honestSupport.status).toBe(202);
    expect(honestSignature.status).toBe(202);
  });

  it("sends the victim at most the daily cap, and at most the per-petition cap about one petition", async () => {
    const mails = await mailTo(victim);
    const perPetition = [attackers, ...open].map((p) => aboutPetition(mails, p.id).length);
    // Figures for the record: emails the victim received in all and from each petition.
    console.info(
      `victim received ${mails.length} emails (cap ${PER_ADDRESS}); per petition ${perPetition.join(", ")} (cap ${PER_PETITION})`,
    );
    expect(mails.length).toBeLessThanOrEqual(PER_ADDRESS);
    expect(perPetition.reduce((a, b) => a + b, 0)).toBe(mails.length);
    for (const n of perPetition) expect(n).toBeLessThanOrEqual(PER_PETITION);
    // The caps bite where the old per-signature limit alone allowed more: two slots of five each.
    expect(PER_PETITION).toBeLessThan(2 * MAX_EMAILS_PER_SIGNATURE);
    expect(perPetition[0]).toBe(PER_PETITION);
    expect(mails.length).toBe(PER_ADDRESS);
  });

  it("quotes the attacker's text as theirs and never as a link", async () => {
    const mails = aboutPetition(await mailTo(victim), attackers.id);
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      expect(mail.subject).not.toContain("evil");
      expect(mail.text).toContain("written by the person who started it");
      expect(mail.html).not.toMatch(/evil\.example/);
      expect(mail.html.replace(/\u200c/g, "")).toContain("evil.example");
      const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? "");
      expect(hrefs.every((h) => !h.includes("evil"))).toBe(true);
    }
  });

  it("leaves nothing in the table that would count", async () => {
    const items = (await tableSnapshot()).filter((i) => i.entity === "SIGNATURE" && i.email === victim);
    const mails = await mailTo(victim);
    // Every stored signature had its email, or (a first signature, counted as its email went) had
    // it withheld over the cap; none is confirmed (so none is counted), and none holds a token.
    const capped = items.filter((i) => i.mail_withheld_reason === "capped");
    expect(items.length).toBeGreaterThan(0);
    expect(capped.length).toBeGreaterThan(0);
    expect(items.length - capped.length).toBeLessThanOrEqual(mails.length);
    for (const item of items) {
      expect(item.state).not.toBe("validated");
      expect(item.mail_token).toBeUndefined();
    }
    for (const p of open) {
      const count = await get<{ signature_count: number }>(`/petitions/${p.id}/count.json`);
      expect(count.body.signature_count).toBe(6);
    }
  });
});

describe("a blocked address", () => {
  it("gets no email at all, the same answers, and nothing stored", async () => {
    const sysadmin = await staffToken("sysadmin");
    const blockedEmail = uniqueEmail("blocked");
    const domain = `blocked-${Date.now()}.example`;
    expect(
      (await post("/admin/blocks", { kind: "email", value: blockedEmail }, { token: sysadmin })).status,
    ).toBe(201);
    expect((await post("/admin/blocks", { kind: "domain", value: domain }, { token: sysadmin })).status).toBe(
      201,
    );
    const petition = await openPetition();
    const started = await startPetition();
    const honestSign = await post(`/petitions/${petition.id}/signatures`, signer());
    const honestSupport = await post(`/petitions/${started.id}/sponsors?token=${tokenOf(started)}`, signer());
    const honestStart = await post<{ id: number }>("/petitions", { ...petitionText(), ...signer() });
    const addresses = [blockedEmail, `someone@${domain}`];
    for (const email of addresses) {
      sameAnswer(await post(`/petitions/${petition.id}/signatures`, signer({ email })), honestSign);
      sameAnswer(
        await post(`/petitions/${started.id}/sponsors?token=${tokenOf(started)}`, signer({ email })),
        honestSupport,
      );
      const start = await post<{ id: number }>("/petitions", { ...petitionText(), ...signer({ email }) });
      expect(start.status).toBe(honestStart.status);
      expect(Object.keys(start.body)).toEqual(Object.keys(honestStart.body));
    }
    await drain();
    for (const email of addresses) expect(await mailTo(email)).toHaveLength(0);
    const stored = (await tableSnapshot()).filter((i) => addresses.includes(String(i.email)));
    expect(stored).toHaveLength(0);
  });
});

describe("supporter sign-ups", () => {
  it(`stop at ${SIGNUPS} for one petition, answered as before and sending nothing more`, async () => {
    const petition = await startPetition();
    const path = `/petitions/${petition.id}/sponsors?token=${tokenOf(petition)}`;
    const emails = Array.from({ length: SIGNUPS + 5 }, (_, i) => uniqueEmail(`signup${i}`));
    const answers = await inParallel(
      emails.map((email) => () => post(path, signer({ email }))),
      10,
    );
    for (const answer of answers) sameAnswer(answer, answers[0] as Answer);
    expect(answers[0]?.status).toBe(202);
    await drain();
    const mails = (await mailbox()).filter((m) => emails.some((e) => m.to.includes(e)));
    expect(mails).toHaveLength(SIGNUPS);
    const stored = (await tableSnapshot()).filter(
      (i) => i.entity === "SIGNATURE" && i.petition_id === petition.id && i.kind === "sponsor",
    );
    expect(stored).toHaveLength(SIGNUPS);
  });
});

describe("line breaks in a one-line field", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["action", { action: "Build more libraries\nBcc: everyone@example.com" }],
    ["name", { name: "Sam\r\nSigner" }],
    ["email", { email: "sam@example.com\r\nBcc: x@example.com" }],
    ["postcode", { postcode: "SW1A\n1AA" }],
  ];
  it.each(cases)("are refused with 422 naming the field %s, writing nothing", async (field, change) => {
    const before = await tableSnapshot();
    const answer = await post<{ errors: { field: string; code: string }[] }>("/petitions", {
      ...petitionText(),
      ...signer(),
      ...change,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ field, code: "line_break" }));
    await drain();
    expect(await tableSnapshot()).toEqual(before);
  });
});
