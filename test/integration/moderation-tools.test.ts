/**
 * The moderators' tools through the local engine and its mailbox: search across every state,
 * the note and tags, editing a petition's words before publication, "save" against "save and
 * email", the decision emails to the creator and each supporter, and the supporter link again.
 */
import { describe, expect, it } from "vitest";
import {
  call,
  drain,
  get,
  getItem,
  linkIn,
  type Mail,
  mailbox,
  mailTo,
  onlyMail,
  pathOf,
  post,
  signer,
  staffToken,
  uniqueEmail,
} from "../support/api.ts";
import { gatherSponsors, moderate, openPetition, startPetition } from "../support/flows.ts";

const mailsTo = (mails: Mail[], address: string, subject: RegExp) =>
  mails.filter((m) => m.to.includes(address) && subject.test(m.subject));

async function logOf(id: number, action: string) {
  const record = await getItem(`PETITION#${id}`, "PETITION");
  const log = (record?.moderation_log ?? []) as {
    action: string;
    staff_id: string;
    at: string;
    emailed?: boolean;
  }[];
  return log.filter((entry) => entry.action === action);
}

/** A petition with its supporters, waiting in the moderation queue. */
async function inModeration(overrides?: Record<string, unknown>) {
  const petition = await startPetition(overrides);
  const supporters = await gatherSponsors(petition, 5);
  await drain();
  await expect
    .poll(async () => (await getItem(`PETITION#${petition.id}`, "PETITION"))?.state)
    .toBe("sponsored");
  return { petition, supporters };
}

describe("decisions: save and email, or save", () => {
  it("publishing emails the creator and each validated supporter once, and no unconfirmed one", async () => {
    const { petition, supporters } = await inModeration();
    // One more supporter signs up and never confirms.
    const unconfirmed = uniqueEmail("unconfirmed-supporter");
    const token = new URL(petition.sponsorLink).searchParams.get("token");
    const signing = await post(
      `/petitions/${petition.id}/sponsors?token=${token}`,
      signer({ name: "Una Confirmed", email: unconfirmed }),
    );
    expect(signing.status).toBe(202);
    await drain();
    const published = await moderate(petition.id, { decision: "publish" });
    expect(published.status).toBe(200);
    await drain();
    const mails = await mailbox();
    expect(mailsTo(mails, petition.creatorEmail, /^We published your petition/)).toHaveLength(1);
    for (const email of supporters) {
      expect(mailsTo(mails, email, /^We published the petition you supported/)).toHaveLength(1);
    }
    expect(mailsTo(mails, unconfirmed, /Sign to support/)).toHaveLength(1);
    expect(mailsTo(mails, unconfirmed, /^We published the petition you supported/)).toHaveLength(0);
  });

  it("rejecting emails the creator and each supporter the reason, once", async () => {
    const { petition, supporters } = await inModeration();
    const rejected = await moderate(petition.id, {
      decision: "reject",
      reason_code: "duplicate",
      details: "See 1",
    });
    expect(rejected.status).toBe(200);
    await drain();
    const mails = await mailbox();
    expect(mailsTo(mails, petition.creatorEmail, /^We rejected your petition/)).toHaveLength(1);
    for (const email of supporters) {
      const got = mailsTo(mails, email, /^We rejected the petition you supported/);
      expect(got).toHaveLength(1);
      expect(got[0]?.text).toContain("See 1");
    }
  });

  it("save alone records the decision, with who and when, and emails nobody", async () => {
    const { petition, supporters } = await inModeration();
    const saved = await moderate(petition.id, { decision: "publish", email: false });
    expect(saved.status).toBe(200);
    expect((saved.body as { data: { state: string } }).data.state).toBe("open");
    const [entry] = await logOf(petition.id, "publish");
    expect(entry).toMatchObject({ emailed: false, staff_id: expect.stringMatching(/^staff-/) });
    await drain();
    const mails = await mailbox();
    expect(mailsTo(mails, petition.creatorEmail, /published/)).toHaveLength(0);
    for (const email of supporters) expect(mailsTo(mails, email, /published/)).toHaveLength(0);
  });

  it("refuses an email flag that is not true or false, naming it, and changes nothing", async () => {
    const { petition } = await inModeration();
    const answer = await moderate(petition.id, { decision: "publish", email: "sometimes" });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain("email");
    expect((await getItem(`PETITION#${petition.id}`, "PETITION"))?.state).toBe("sponsored");
  });
});

describe("staff search across every state", () => {
  it("finds by id whatever the state, and by words in published, pending and hidden petitions", async () => {
    const word = `zq${Date.now().toString(36)}`;
    const token = await staffToken("moderator");
    const open = await openPetition({ background: `Open ${word} petition background text here.` });
    const pending = await startPetition({ additional_details: `Pending ${word} details.` });
    const { petition: hidden } = await inModeration({ action: `Hide ${word} now` });
    expect((await moderate(hidden.id, { decision: "hide", reason_code: "offensive" })).status).toBe(200);
    await drain();

    const byId = await get<{ jump: number; data: { id: number; state: string }[] }>(
      `/admin/search?q=${pending.id}`,
      { token },
    );
    expect(byId.status).toBe(200);
    expect(byId.body.jump).toBe(pending.id);

    await expect
      .poll(async () => {
        const found = await get<{ data: { id: number }[] }>(`/admin/search?q=${word}`, { token });
        return found.body.data.map((p) => p.id).sort((a, b) => a - b);
      })
      .toEqual([open.id, pending.id, hidden.id].sort((a, b) => a - b));

    const none = await get<{ jump: number | null; data: unknown[] }>("/admin/search?q=999999999", { token });
    expect(none.body).toMatchObject({ jump: null, data: [] });
  });

  it("answers 401 without a token, and 422 naming q when it is empty", async () => {
    expect((await get("/admin/search?q=x")).status).toBe(401);
    const empty = await get("/admin/search?q=", { token: await staffToken("moderator") });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("q");
  });
});

describe("notes and tags", () => {
  it("saves the note and tags from the sysadmins' list, each recorded with who and when", async () => {
    const { petition } = await inModeration();
    const moderator = await staffToken("moderator", "staff-tagger");
    const sysadmin = await staffToken("sysadmin");
    expect((await call("PUT", "/admin/tags", { token: moderator, body: { tags: ["x"] } })).status).toBe(403);
    const list = await call("PUT", "/admin/tags", {
      token: sysadmin,
      body: { tags: ["Housing", "NHS", "nhs"] },
    });
    expect(list.status).toBe(200);
    expect(
      (await get<{ data: { tags: string[] } }>("/admin/tags", { token: moderator })).body.data.tags,
    ).toEqual(["Housing", "NHS"]);

    const note = await call("PUT", `/admin/petitions/${petition.id}/note`, {
      token: moderator,
      body: { note: "Asked the creator about the second paragraph" },
    });
    expect(note.status).toBe(200);
    const tagged = await call<{ data: { tags: string[]; moderator_note: string } }>(
      "PUT",
      `/admin/petitions/${petition.id}/tags`,
      { token: moderator, body: { tags: ["nhs"] } },
    );
    expect(tagged.status).toBe(200);
    expect(tagged.body.data).toMatchObject({
      tags: ["NHS"],
      moderator_note: "Asked the creator about the second paragraph",
    });
    expect(await logOf(petition.id, "note")).toEqual([
      { action: "note", staff_id: "staff-tagger", at: expect.any(String) },
    ]);
    expect(await logOf(petition.id, "tags")).toHaveLength(1);

    const unknown = await call("PUT", `/admin/petitions/${petition.id}/tags`, {
      token: moderator,
      body: { tags: ["Not on the list"] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain("tags");
    expect((await getItem(`PETITION#${petition.id}`, "PETITION"))?.tags).toEqual(["NHS"]);
  });

  it("never shows the note or tags in the public JSON", async () => {
    const petition = await openPetition();
    const token = await staffToken("moderator");
    await call("PUT", `/admin/petitions/${petition.id}/note`, { token, body: { note: "private words" } });
    const page = await get(`/petitions/${petition.id}.json`);
    expect(page.text).not.toContain("private words");
    expect(page.text).not.toContain("moderator_note");
  });
});

describe("editing a petition's words before publication", () => {
  it("changes the words, keeps the creator's first words once, and refuses after publication", async () => {
    const { petition } = await inModeration();
    const token = await staffToken("moderator");
    const before = await getItem(`PETITION#${petition.id}`, "PETITION");
    const edit = (action: string) =>
      call("PUT", `/admin/petitions/${petition.id}/texts`, {
        token,
        body: { action, background: "A clearer background.", additional_details: null },
      });
    expect((await edit("Fund more public libraries")).status).toBe(200);
    expect((await edit("Fund many more public libraries")).status).toBe(200);
    const after = await getItem(`PETITION#${petition.id}`, "PETITION");
    expect(after).toMatchObject({
      action: "Fund many more public libraries",
      background: "A clearer background.",
      additional_details: null,
      original_text: {
        action: before?.action,
        background: before?.background,
        additional_details: before?.additional_details,
      },
    });
    expect(await logOf(petition.id, "edit_texts")).toHaveLength(2);

    const bad = await call("PUT", `/admin/petitions/${petition.id}/texts`, {
      token,
      body: { action: "", background: "x" },
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("action");

    expect((await moderate(petition.id, { decision: "publish", email: false })).status).toBe(200);
    const late = await edit("Too late");
    expect(late.status).toBe(409);
    expect((await getItem(`PETITION#${petition.id}`, "PETITION"))?.action).toBe(
      "Fund many more public libraries",
    );
  });
});

describe("the supporter link again", () => {
  it("emails the creator the supporter link again, recorded; refused once the petition is published", async () => {
    const petition = await startPetition();
    const token = await staffToken("moderator", "staff-resender");
    const resent = await call("POST", `/admin/petitions/${petition.id}/sponsor-email`, { token });
    expect(resent.status).toBe(200);
    const mails = await mailTo(petition.creatorEmail, /^Get supporters for/);
    expect(mails).toHaveLength(2);
    expect(mails[0]?.text).toContain(`/petitions/${petition.id}/sponsors/new?token=`);
    expect(await logOf(petition.id, "resend_sponsor_email")).toEqual([
      { action: "resend_sponsor_email", staff_id: "staff-resender", at: expect.any(String) },
    ]);

    const open = await openPetition();
    expect((await call("POST", `/admin/petitions/${open.id}/sponsor-email`, { token })).status).toBe(409);
  });
});

describe("the creator hears of each supporter", () => {
  /** `n` people ask to support the petition; their confirmation links. */
  async function supportersAsk(petition: { id: number; sponsorLink: string }, n: number) {
    const token = new URL(petition.sponsorLink).searchParams.get("token");
    const emails = Array.from({ length: n }, (_, i) => uniqueEmail(`backer${i}`));
    for (const [i, email] of emails.entries()) {
      const asked = await post(
        `/petitions/${petition.id}/sponsors?token=${token}`,
        signer({ name: `Backer ${i}`, email }),
      );
      expect(asked.status).toBe(202);
    }
    return Promise.all(
      emails.map(async (email) =>
        pathOf(linkIn(await onlyMail(email, /Sign to support/), /\/verify\?token=/)),
      ),
    );
  }

  it("once for each supporter below the threshold, numbered exactly even when they confirm at once; the threshold's own email at five", async () => {
    const petition = await startPetition();
    const links = await supportersAsk(petition, 5);
    // Four confirm at the same moment, twice each (a second click changes nothing).
    const first = links.slice(0, 4);
    const answers = await Promise.all([...first, ...first].map((link) => get(link)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    const supported = await mailTo(petition.creatorEmail, /^Someone supported/);
    expect(supported).toHaveLength(4);
    const figures = supported.map((m) => Number(/It has (\d) supporters? so far/.exec(m.text)?.[1])).sort();
    expect(figures).toEqual([1, 2, 3, 4]);

    expect((await get(links[4] as string)).status).toBe(200);
    await drain();
    await expect.poll(async () => (await mailTo(petition.creatorEmail, /has 5 supporters/)).length).toBe(1);
    expect(await mailTo(petition.creatorEmail, /^Someone supported/)).toHaveLength(4);
  });
});
