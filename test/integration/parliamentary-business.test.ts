/**
 * Revised government responses, other parliamentary business and the committee's note, through
 * the local engine and its mailbox: what staff record, what the JSON and the page show, and who
 * is emailed.
 */
import { describe, expect, it } from "vitest";
import { signStaffToken } from "../../infra/local/staff-token.ts";
import { baseUrl, call, finishedJob, get, getItem, type Mail, mailbox, staffToken } from "../support/api.ts";
import { openPetition, signAndConfirm } from "../support/flows.ts";

const mailsTo = (mails: Mail[], address: string, subject: RegExp) =>
  mails.filter((m) => m.to.includes(address) && subject.test(m.subject));

interface Attributes {
  government_response: Record<string, unknown> | null;
  government_response_at: string | null;
  committee_note: string | null;
  other_parliamentary_business: Record<string, unknown>[];
}
const attributesOf = async (id: number) =>
  (await get<{ data: { attributes: Attributes } }>(`/petitions/${id}.json`)).body.data.attributes;

/** An open petition with signers who asked for updates and signers who did not. */
async function withSigners(subscribers: number, others: number) {
  const petition = await openPetition();
  const subscribed = await signAndConfirm(petition.id, subscribers, { notify: true });
  const quiet = await signAndConfirm(petition.id, others, { notify: false });
  return { petition, subscribed, quiet };
}

/** Who recorded each change of one kind, and when. */
async function logOf(id: number, action: string) {
  const record = await getItem(`PETITION#${id}`, "PETITION");
  const log = (record?.moderation_log ?? []) as { action: string; staff_id: string; at: string }[];
  return log.filter((entry) => entry.action === action);
}

const FIRST = {
  responded_on: "2026-01-08",
  summary: "The government has no plans to change the law",
  details: "It considered the request.\n\nIt will keep the law as it is.",
};
const REVISED = {
  responded_on: "2026-01-22",
  summary: "The government will review the law this year",
  details: "A review starts in **March**.",
};
const REASON =
  "The Petitions Committee requested a response which more directly addressed the request of the petition";

describe("a revised government response", () => {
  it("replaces the response after the committee's request, keeps the original, and emails each subscriber once", async () => {
    const { petition, subscribed, quiet } = await withSigners(3, 2);
    const token = await staffToken("moderator", "staff-revisions");

    const first = await call("PUT", `/admin/petitions/${petition.id}/government-response`, {
      token,
      body: FIRST,
    });
    expect(first.status).toBe(200);
    const respondedAt = (await attributesOf(petition.id)).government_response_at;

    const revised = await call<{ job_id: string }>(
      "PUT",
      `/admin/petitions/${petition.id}/government-response`,
      {
        token,
        body: { ...REVISED, revision: { requested_on: "2026-01-15", reason: REASON }, email_signers: true },
      },
    );
    expect(revised.status).toBe(200);
    const job = await finishedJob(revised.body.job_id);
    expect(job.state).toBe("done");
    expect(job.sent).toBe(subscribed.length + 1); // the creator asked for updates too

    const attributes = await attributesOf(petition.id);
    expect(attributes.government_response).toEqual({
      responded_on: "2026-01-22",
      summary: REVISED.summary,
      details: "A review starts in March.",
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    expect(attributes.government_response_at).toBe(respondedAt);
    expect(attributes.other_parliamentary_business).toEqual([
      {
        subject: "The government's original response",
        body: `${FIRST.summary}\n\n${FIRST.details}`,
        occurred_on: "2026-01-08",
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.stringMatching(/Z$/),
      },
    ]);

    const mails = await mailbox();
    for (const email of [...subscribed, petition.creatorEmail]) {
      const revisedMails = mailsTo(mails, email, /Government revised its response/);
      expect(revisedMails, email).toHaveLength(1);
      expect(revisedMails[0]?.text).toContain("This is a revised response.");
      expect(revisedMails[0]?.text).toContain(REASON);
    }
    for (const email of quiet) expect(mailsTo(mails, email, /Government revised/)).toHaveLength(0);

    const page = await get(`/petitions/${petition.id}`);
    expect(page.text).toContain("This is a revised response.");
    expect(page.text).toContain(REASON);
    expect(page.text).toContain("Thursday 22nd January 2026");
    expect(page.text).toContain("<strong>March</strong>");
    // The original stays further down the page, dated as it was given.
    const original = page.text.indexOf("The government&#39;s original response");
    expect(original).toBeGreaterThan(page.text.indexOf(REVISED.summary));
    expect(page.text.slice(original)).toContain(FIRST.summary);
    expect(page.text).toContain("Thursday 8th January 2026");

    const log = await logOf(petition.id, "government_response");
    expect(log).toHaveLength(2);
    expect(log.every((entry) => entry.staff_id === "staff-revisions" && /Z$/.test(entry.at))).toBe(true);
  });

  it("is refused (409) without the committee's request, and nothing changes", async () => {
    const petition = await openPetition();
    const token = await staffToken("moderator");
    expect(
      (await call("PUT", `/admin/petitions/${petition.id}/government-response`, { token, body: FIRST }))
        .status,
    ).toBe(200);
    const before = await getItem(`PETITION#${petition.id}`, "PETITION");

    const second = await call<{ errors: { code: string; detail?: string; message?: string }[] }>(
      "PUT",
      `/admin/petitions/${petition.id}/government-response`,
      { token, body: { ...REVISED, email_signers: true } },
    );
    expect(second.status).toBe(409);
    expect(second.text).toMatch(/revision/);
    expect(await getItem(`PETITION#${petition.id}`, "PETITION")).toEqual(before);
    expect((await attributesOf(petition.id)).other_parliamentary_business).toEqual([]);

    const half = await call("PUT", `/admin/petitions/${petition.id}/government-response`, {
      token,
      body: { ...REVISED, revision: { requested_on: "2026-01-15" } },
    });
    expect(half.status).toBe(422);
    expect(half.text).toContain("revision.reason");
    expect(await getItem(`PETITION#${petition.id}`, "PETITION")).toEqual(before);
  });
});

describe("other parliamentary business", () => {
  it("is shown in the JSON and on the page, and emailed once to each subscriber when asked", async () => {
    const { petition, subscribed, quiet } = await withSigners(2, 1);
    const token = await staffToken("moderator", "staff-business");
    const body =
      "The committee wrote to the minister.\n\n- [Read the letter](https://committees.parliament.uk/letter)\n- <script>alert(1)</script>";
    const added = await call<{ job_id: string }>("POST", `/admin/petitions/${petition.id}/other-business`, {
      token,
      body: {
        subject: "Committee writes to the minister",
        body,
        occurred_on: "2026-02-03",
        email_signers: true,
      },
    });
    expect(added.status).toBe(200);
    expect((await finishedJob(added.body.job_id)).state).toBe("done");
    expect(await logOf(petition.id, "other_business")).toEqual([
      { action: "other_business", staff_id: "staff-business", at: expect.stringMatching(/Z$/) },
    ]);

    expect((await attributesOf(petition.id)).other_parliamentary_business).toEqual([
      {
        subject: "Committee writes to the minister",
        body: "The committee wrote to the minister.\n\n* Read the letter[1]\n* <script>alert(1)</script>\n\n[1]: https://committees.parliament.uk/letter",
        occurred_on: "2026-02-03",
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.stringMatching(/Z$/),
      },
    ]);
    const page = await get(`/petitions/${petition.id}`);
    expect(page.text).toContain("Other parliamentary business");
    expect(page.text).toContain('href="https://committees.parliament.uk/letter">Read the letter</a>');
    expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.text).not.toContain("<script>alert(1)");

    const mails = await mailbox();
    for (const email of [...subscribed, petition.creatorEmail]) {
      expect(mailsTo(mails, email, /Committee writes to the minister/), email).toHaveLength(1);
    }
    for (const email of quiet) expect(mailsTo(mails, email, /Committee writes/)).toHaveLength(0);
  });

  it("refuses a long subject (422 naming it), an anonymous caller (401) and a token without the moderator role (403)", async () => {
    const petition = await openPetition();
    const path = `/admin/petitions/${petition.id}/other-business`;
    const item = { subject: "x".repeat(151), body: "b", occurred_on: "2026-02-03" };
    const long = await call("POST", path, {
      token: await staffToken("moderator"),
      body: item,
    });
    expect(long.status).toBe(422);
    expect(long.text).toContain("subject");
    expect((await call("POST", path, { body: { ...item, subject: "ok" } })).status).toBe(401);
    expect(
      (
        await call("POST", path, {
          token: await signStaffToken(baseUrl(), { roles: [] }),
          body: { ...item, subject: "ok" },
        })
      ).status,
    ).toBe(403);
    expect((await attributesOf(petition.id)).other_parliamentary_business).toEqual([]);
  });
});

describe("the committee's note", () => {
  it("is shown in the JSON and on the page, and can be cleared", async () => {
    const petition = await openPetition();
    const token = await staffToken("moderator", "staff-note");
    const note =
      "This is a revised response. You can find the original response towards the bottom of the petition page.";
    const set = await call("PUT", `/admin/petitions/${petition.id}/committee-note`, {
      token,
      body: { committee_note: note },
    });
    expect(set.status).toBe(200);
    expect((await attributesOf(petition.id)).committee_note).toBe(note);
    expect((await logOf(petition.id, "committee_note")).map((entry) => entry.staff_id)).toEqual([
      "staff-note",
    ]);
    expect((await get(`/petitions/${petition.id}`)).text).toContain(note);

    const cleared = await call("PUT", `/admin/petitions/${petition.id}/committee-note`, {
      token,
      body: { committee_note: "" },
    });
    expect(cleared.status).toBe(200);
    expect((await attributesOf(petition.id)).committee_note).toBeNull();
    expect((await get(`/petitions/${petition.id}`)).text).not.toContain(note);
  });
});
