import { describe, expect, it } from "vitest";
import {
  call,
  drain,
  finishedJob,
  get,
  getItem,
  linkIn,
  type Mail,
  mailbox,
  post,
  runSchedule,
  setItemFields,
  signer,
  staffToken,
  tableSnapshot,
  uniqueEmail,
} from "../support/api.ts";
import { openPetition, signAndConfirm } from "../support/flows.ts";

// The test engine runs with THRESHOLD_FOR_RESPONSE=10 and THRESHOLD_FOR_DEBATE=20.
const COMMITTEE = "committee@petitions.test";

const LONDON_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[01]:00$/;

const count = async (id: number) =>
  (
    await get<{
      signature_count: number;
      response_threshold_reached_at: string | null;
      debate_threshold_reached_at: string | null;
    }>(`/petitions/${id}/count.json`)
  ).body;

const mailsTo = (mails: Mail[], address: string, subject: RegExp) =>
  mails.filter((m) => m.to.includes(address) && subject.test(m.subject));

describe("a petition crossing both thresholds", () => {
  it("is stamped once and its creator, subscribed signers and the committee are emailed once", async () => {
    const petition = await openPetition();
    const subscribed = await signAndConfirm(petition.id, 8, { notify: true });
    const quiet = await signAndConfirm(petition.id, 6, { notify: false });
    expect((await count(petition.id)).signature_count).toBe(20);

    // Two runs at once, and one more after.
    const _since = new Date(Date.now() - 1000).toISOString();
    await Promise.all([runSchedule("ProcessThresholds"), runSchedule("ProcessThresholds")]);
    await runSchedule("ProcessThresholds");
    await drain();

    const stamped = await count(petition.id);
    // count.json writes London time with the offset, as petition.parliament.uk's does.
    expect(stamped.response_threshold_reached_at).toMatch(LONDON_TIME);
    expect(stamped.debate_threshold_reached_at).toMatch(LONDON_TIME);
    const item = await getItem(`PETITION#${petition.id}`, "PETITION");
    expect(item?.response_state).toBe("awaiting");
    expect(item?.debate_state).toBe("awaiting");
    expect(item?.candidatesPK).toBeUndefined();

    // The signer emails go out as jobs; wait for them.
    const token = await staffToken("moderator");
    const jobs = (await tableSnapshot()).filter((i) => i.entity === "JOB" && i.petition_id === petition.id);
    expect(jobs).toHaveLength(2);
    for (const job of jobs) expect((await finishedJob(String(job.id))).state).toBe("done");

    await runSchedule("ProcessThresholds");
    await drain();
    const mails = await mailbox();
    // Creators are always subscribed: they hear once, like every subscribed signer.
    expect(mailsTo(mails, petition.creatorEmail, /government will respond/)).toHaveLength(1);
    expect(mailsTo(mails, petition.creatorEmail, /consider a debate/)).toHaveLength(1);
    for (const email of subscribed) {
      expect(mailsTo(mails, email, /government will respond/)).toHaveLength(1);
      expect(mailsTo(mails, email, /consider a debate/)).toHaveLength(1);
      const update = mailsTo(mails, email, /consider a debate/)[0] as Mail;
      expect(update.headers["List-Unsubscribe"]).toMatch(/^<http.*\/unsubscribe\?token=.+>$/);
      expect(update.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(update.text).toContain("/unsubscribe?token=");
    }
    for (const email of quiet) expect(mails.filter((m) => m.to.includes(email))).toHaveLength(1); // the confirmation only
    const reports = mails.filter(
      (m) => m.to.includes(COMMITTEE) && m.text.includes(`/petitions/${petition.id}`),
    );
    expect(reports).toHaveLength(1);
    // The report names the engine's thresholds, from the settings.
    expect(reports[0]?.text).toContain("Government response (10)");
    expect(reports[0]?.text).toContain("Debate (20)");

    const report = await get<{
      data: { petition_id: number; threshold: string; signature_count: number; url: string }[];
    }>(
      `/admin/reports/thresholds?since=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`,
      { token },
    );
    expect(report.status).toBe(200);
    const mine = report.body.data.filter((e) => e.petition_id === petition.id);
    expect(mine.map((e) => e.threshold).sort()).toEqual(["debate", "response"]);
    expect(mine[0]?.url).toMatch(new RegExp(`/petitions/${petition.id}$`));
  });

  it("sends no report when nothing crossed", async () => {
    await runSchedule("ProcessThresholds");
    await drain();
    const before = (await mailbox()).filter((m) => m.to.includes(COMMITTEE)).length;
    const result = (await runSchedule("ProcessThresholds")) as { reported: number };
    await drain();
    expect(result.reported).toBe(0);
    expect((await mailbox()).filter((m) => m.to.includes(COMMITTEE))).toHaveLength(before);
  });

  it("clears the stamp when invalidations drop the count back below", async () => {
    const petition = await openPetition();
    const signers = await signAndConfirm(petition.id, 4);
    expect((await count(petition.id)).signature_count).toBe(10);
    await runSchedule("ProcessThresholds");
    expect((await count(petition.id)).response_threshold_reached_at).toMatch(LONDON_TIME);
    // Invalidate one signature, as a sysadmin's invalidation does.
    const signature = (await tableSnapshot()).find((i) => i.entity === "SIGNATURE" && i.email === signers[0]);
    await setItemFields(String(signature?.PK), String(signature?.SK), { state: "invalidated" });
    await drain();
    const after = await count(petition.id);
    expect(after.signature_count).toBe(9);
    expect(after.response_threshold_reached_at).toBeNull();
    expect((await getItem(`PETITION#${petition.id}`, "PETITION"))?.response_state).toBe("pending");
  });
});

describe("a government response emailed to signers", () => {
  it("reaches every subscribed signer exactly once, also through a crash mid-job", async () => {
    const petition = await openPetition();
    const subscribed = await signAndConfirm(petition.id, 30, { notify: true });
    const quiet = await signAndConfirm(petition.id, 5, { notify: false });
    // Subscribed but never confirmed: in the signers index, and no recipient.
    const unconfirmed = uniqueEmail("unconfirmed");
    const signing = await post(
      `/petitions/${petition.id}/signatures`,
      signer({ email: unconfirmed, notify_by_email: true }),
    );
    expect(signing.status).toBe(202);

    // One subscriber leaves by one-click unsubscribe before the response.
    const leaver = subscribed[0] as string;
    const confirmation = (await mailbox()).find((m) => m.to.includes(leaver)) as Mail;
    const id = new URL(linkIn(confirmation, /verify/)).pathname.split("/")[2];
    const signature = (await tableSnapshot()).find((i) => i.entity === "SIGNATURE" && i.id === id);
    const unsubscribe = await call(
      "POST",
      `/signatures/${id}/unsubscribe?token=${signature?.unsubscribe_token}`,
      {
        rawBody: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
    );
    expect(unsubscribe.status).toBe(200);
    await drain();

    // SES fails for a while after the first few sends: the fan-out crashes mid-page and resumes.
    const faults = await post("/_local/faults", {
      seed: 7,
      rules: [{ client: "ses", commands: ["SendEmailCommand"], skip: 5, times: 12, error: "server" }],
    });
    expect(faults.status).toBe(200);
    const token = await staffToken("moderator");
    const answer = await call<{
      job_id: string;
      data: { attributes: { government_response: { summary: string } } };
    }>("PUT", `/admin/petitions/${petition.id}/government-response`, {
      token,
      body: {
        responded_on: "2026-11-20",
        summary: "We will act on this",
        details: "In full, with reasons.",
        email_signers: true,
      },
    });
    expect(answer.status).toBe(200);
    const job = await finishedJob(answer.body.job_id);
    expect((await get<{ injected: number }>("/_local/faults")).body.injected).toBe(12);
    await call("DELETE", "/_local/faults");
    expect(job.state).toBe("done");
    expect(job.sent).toBe(subscribed.length); // the creator is subscribed too; the leaver is not
    expect(job.failed).toBe(0);

    const mails = await mailbox();
    for (const email of [...subscribed.slice(1), petition.creatorEmail]) {
      expect(mailsTo(mails, email, /Government responded/), email).toHaveLength(1);
    }
    expect(mailsTo(mails, leaver, /Government responded/)).toHaveLength(0);
    for (const email of [...quiet, unconfirmed])
      expect(mailsTo(mails, email, /Government responded/)).toHaveLength(0);

    const json = await get<{
      data: { attributes: { government_response: Record<string, unknown>; government_response_at: string } };
    }>(`/petitions/${petition.id}.json`);
    expect(json.body.data.attributes.government_response).toMatchObject({
      responded_on: "2026-11-20",
      summary: "We will act on this",
    });
    expect(json.body.data.attributes.government_response_at).toMatch(/Z$/);
    expect((await get("/_local/dead-letters")).body).toEqual([]);
  });

  it("can be cancelled", async () => {
    const petition = await openPetition();
    await signAndConfirm(petition.id, 3, { notify: true });
    const token = await staffToken("moderator");
    // Hold SES so the job is still running when it is cancelled.
    await post("/_local/faults", {
      rules: [{ client: "ses", commands: ["SendEmailCommand"], times: 1000, error: "throttle" }],
    });
    const answer = await call<{ job_id: string }>("PUT", `/admin/petitions/${petition.id}/debate`, {
      token,
      body: { scheduled_debate_date: "2099-01-31", email_signers: true },
    });
    const cancelled = await call<{ data: { state: string } }>(
      "POST",
      `/admin/jobs/${answer.body.job_id}/cancel`,
      { token },
    );
    await call("DELETE", "/_local/faults");
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data.state).toBe("cancelled");
    expect((await call("POST", `/admin/jobs/${answer.body.job_id}/cancel`, { token })).status).toBe(409);
    await drain();
    expect(
      (await get<{ data: { state: string } }>(`/admin/jobs/${answer.body.job_id}`, { token })).body.data
        .state,
    ).toBe("cancelled");
  });
});

describe("debates", () => {
  it("are scheduled, marked as held once the date passes, then given an outcome", async () => {
    const petition = await openPetition();
    const token = await staffToken("moderator");
    const scheduled = await call("PUT", `/admin/petitions/${petition.id}/debate`, {
      token,
      body: { scheduled_debate_date: "2099-03-01" },
    });
    expect(scheduled.status).toBe(200);
    expect((await getItem(`PETITION#${petition.id}`, "PETITION"))?.debate_state).toBe("scheduled");
    // The date passes.
    await setItemFields(`PETITION#${petition.id}`, "PETITION", {
      debatesSK: `2000-01-01#${String(petition.id).padStart(12, "0")}`,
    });
    const marked = (await runSchedule("MarkDebated")) as { debated: number[] };
    expect(marked.debated).toContain(petition.id);
    const outcome = await call("PUT", `/admin/petitions/${petition.id}/debate`, {
      token,
      body: {
        debated_on: "2099-03-01",
        overview: "MPs debated it.",
        transcript_url: "https://hansard.parliament.uk/x",
      },
    });
    expect(outcome.status).toBe(200);
    const json = await get<{ data: { attributes: Record<string, unknown> } }>(
      `/petitions/${petition.id}.json`,
    );
    expect(json.body.data.attributes.debate).toMatchObject({
      debated_on: "2099-03-01",
      overview: "MPs debated it.",
    });
    expect(json.body.data.attributes.debate_outcome_at).toMatch(/Z$/);
    const refused = await call<{ errors: { field: string }[] }>(
      "PUT",
      `/admin/petitions/${petition.id}/debate`,
      {
        token,
        body: { transcript_url: "javascript:alert(1)" },
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]?.field).toBe("transcript_url");
  });
});

describe("anonymisation six months after closing", () => {
  it("removes signers' personal data and keeps the counts", async () => {
    const petition = await openPetition();
    const signers = await signAndConfirm(petition.id, 3);
    const before = await get<{ data: { attributes: Record<string, unknown> } }>(
      `/petitions/${petition.id}.json`,
    );
    // Closed seven months ago.
    const long = new Date(Date.now() - 213 * 24 * 3600 * 1000).toISOString();
    const { closeNow } = await import("../support/flows.ts");
    await closeNow(petition.id);
    await setItemFields(`PETITION#${petition.id}`, "PETITION", {
      dueSK: `${long}#${String(petition.id).padStart(12, "0")}`,
    });
    const result = (await runSchedule("AnonymiseSignatures")) as { petitions: number[]; signatures: number };
    expect(result.petitions).toContain(petition.id);
    expect(result.signatures).toBeGreaterThanOrEqual(9);
    await drain();
    const after = await get<{ data: { attributes: Record<string, unknown> } }>(
      `/petitions/${petition.id}.json`,
    );
    for (const key of [
      "signature_count",
      "signatures_by_country",
      "signatures_by_constituency",
      "signatures_by_region",
    ]) {
      expect(after.body.data.attributes[key]).toEqual(before.body.data.attributes[key]);
    }
    const items = (await tableSnapshot()).filter(
      (i) => i.petition_id === petition.id && i.entity === "SIGNATURE",
    );
    expect(items.length).toBeGreaterThanOrEqual(9);
    const text = JSON.stringify(items);
    for (const email of [...signers, petition.creatorEmail]) expect(text).not.toContain(email);
    expect(text).not.toMatch(/SW1A 1AA|10\.\d+\.\d+\.\d+|Member \d|Chris Creator|Supporter \d/);
    for (const item of items) expect(item.constituency ?? item.location).toBeTruthy();
  });
});
