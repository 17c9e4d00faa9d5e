/**
 * The site settings at run time, through the local engine: sysadmins read and change them on
 * condition of their version; the switches stop signing and starting petitions with a 503 that
 * writes nothing; the banner shows; a threshold changed takes effect; moderation delay changes
 * the creators' emails and the start pages, and the sysadmins' delay email reaches each overdue
 * petition's creator once.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as api from "../support/api.ts";
import {
  driftCounts,
  gatherSponsors,
  openPetition,
  petitionText,
  quieten,
  startPetition,
} from "../support/flows.ts";

const { call, drain, get, linkIn, mailTo, onlyMail, pathOf, post } = api;
const { getItem, runSchedule, setItemFields, signer, staffToken, tableSnapshot, uniqueEmail } = api;

type Settings = Record<string, unknown> & { version: number };
interface Problems {
  errors: { field: string; message: string }[];
}

const HTML = { accept: "text/html" };

async function settings(): Promise<Settings> {
  const answer = await get<Settings>("/admin/settings", { token: await staffToken("sysadmin") });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function change(fields: Record<string, unknown>, sub = "sysadmin-settings") {
  const { version } = await settings();
  const answer = await call<Settings & { changed: string[] }>("PUT", "/admin/settings", {
    body: { ...fields, version },
    token: await staffToken("sysadmin", sub),
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

/** What the tests change, put back after each so other files see the engine's own settings. */
const RESTORE = {
  signing_paused: false,
  creation_disabled: false,
  home_page_message: "",
  threshold_for_moderation: 5,
  threshold_for_response: 10,
  threshold_for_debate: 20,
  threshold_for_moderation_delay: 500,
  petition_duration_months: 6,
  max_sponsors: 8,
};
afterEach(async () => {
  await change(RESTORE);
});

describe("the site settings", () => {
  it("are one flat object with its version; a change names only its fields and needs the version read", async () => {
    const before = await settings();
    expect(before).toMatchObject({
      threshold_for_moderation: 5,
      threshold_for_response: 10,
      threshold_for_debate: 20,
      max_sponsors: 8,
      threshold_for_moderation_delay: 500,
      signing_paused: false,
      creation_disabled: false,
    });
    expect(typeof before.version).toBe("number");

    const token = await staffToken("sysadmin", "sysadmin-one");
    const changed = await call<Settings & { changed: string[] }>("PUT", "/admin/settings", {
      body: { version: before.version, home_page_message: "Hello from the team" },
      token,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      home_page_message: "Hello from the team",
      threshold_for_debate: 20,
      version: before.version + 1,
      updated_by: "sysadmin-one",
      changed: ["home_page_message"],
    });
    expect(Date.parse(String(changed.body.updated_at))).toBeGreaterThan(Date.now() - 60_000);

    // The same version again is stale: 409, and nothing changes.
    const stale = await call<Problems>("PUT", "/admin/settings", {
      body: { version: before.version, home_page_message: "Overwritten" },
      token,
    });
    expect(stale.status).toBe(409);
    expect((await settings()).home_page_message).toBe("Hello from the team");
  });

  it("refuse a bad field naming it, a moderator and nobody signed in, writing nothing", async () => {
    const { version } = await settings();
    await drain();
    const before = await tableSnapshot();
    const token = await staffToken("sysadmin");
    const bad = await call<Problems>("PUT", "/admin/settings", {
      body: { version, threshold_for_moderation: 11 },
      token,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.field)).toEqual(["threshold_for_moderation"]);
    const unknown = await call<Problems>("PUT", "/admin/settings", {
      body: { version, colour: "red" },
      token,
    });
    expect(unknown.status).toBe(422);
    const moderator = await staffToken("moderator");
    expect((await get("/admin/settings", { token: moderator })).status).toBe(403);
    expect(
      (await call("PUT", "/admin/settings", { body: { version, signing_paused: true }, token: moderator }))
        .status,
    ).toBe(403);
    expect((await call("PUT", "/admin/settings", { body: { version, signing_paused: true } })).status).toBe(
      401,
    );
    expect(await tableSnapshot()).toEqual(before);
  });
});

describe("signing paused", () => {
  it("answers 503 on every signing route, as a page or JSON, and the table is unchanged", async () => {
    const open = await openPetition();
    const started = await startPetition();
    // A signature waiting for its confirmation link.
    const email = uniqueEmail("paused");
    expect((await post(`/petitions/${open.id}/signatures`, signer({ email }))).status).toBe(202);
    const confirm = await onlyMail(email, /Confirm/i);
    await drain();
    await change({ signing_paused: true });
    const before = await tableSnapshot();

    const sponsorToken = new URL(started.sponsorLink).searchParams.get("token");
    const json = [
      await post<Problems>(`/petitions/${open.id}/signatures`, signer()),
      await post<Problems>(`/petitions/${started.id}/sponsors?token=${sponsorToken}`, signer()),
      await get<Problems>(pathOf(linkIn(confirm, /\/verify\?token=/)), {
        headers: { accept: "application/json" },
      }),
    ];
    for (const answer of json) {
      expect(answer.status, answer.text).toBe(503);
      expect(answer.text).toContain("Signing petitions is paused");
    }
    const pages = [
      await get(`/petitions/${open.id}/signatures/new`, { headers: HTML }),
      await call("POST", `/petitions/${open.id}/signatures/new`, {
        rawBody: new URLSearchParams({ name: "Sam", email: uniqueEmail() }).toString(),
        headers: { ...HTML, "content-type": "application/x-www-form-urlencoded" },
      }),
      await get(`/petitions/${started.id}/sponsors/new?token=${sponsorToken}`, { headers: HTML }),
      await get(pathOf(linkIn(confirm, /\/verify\?token=/)), { headers: HTML }),
    ];
    for (const answer of pages) {
      expect(answer.status).toBe(503);
      expect(answer.headers.get("content-type")).toContain("text/html");
      expect(answer.text).toContain("Sorry, this is paused");
    }
    await drain();
    expect(await tableSnapshot()).toEqual(before);

    // Back on, the same link confirms.
    await change({ signing_paused: false });
    expect((await get(pathOf(linkIn(confirm, /\/verify\?token=/)), { headers: HTML })).status).toBe(200);
  });
});

describe("starting petitions turned off", () => {
  it("answers 503 to the JSON route and the start pages, writing nothing", async () => {
    await change({ creation_disabled: true });
    // Whatever earlier files left on the stream is settled first, so only this test's requests could write.
    await drain();
    const before = await tableSnapshot();
    const json = await post<Problems>("/petitions", { ...petitionText(), ...signer() });
    expect(json.status).toBe(503);
    expect(json.text).toContain("Starting a petition is not possible");
    const page = await get("/petitions/new", { headers: HTML });
    expect(page.status).toBe(503);
    expect(page.text).toContain("Starting a petition is not possible");
    await drain();
    expect(await tableSnapshot()).toEqual(before);
    await change({ creation_disabled: false });
    expect((await get("/petitions/new", { headers: HTML })).status).toBe(200);
  });
});

describe("the banner", () => {
  it("shows on the home page and the public forms, escaped", async () => {
    await change({ home_page_message: "Signing closes early on <Friday> & Saturday" });
    await expect
      .poll(async () => (await get("/", { headers: HTML })).text)
      .toContain("Signing closes early on &lt;Friday&gt; &amp; Saturday");
    expect((await get("/petitions/new", { headers: HTML })).text).toContain(
      "Signing closes early on &lt;Friday&gt;",
    );
    await change({ home_page_message: "" });
    await expect.poll(async () => (await get("/", { headers: HTML })).text).not.toContain('id="site-banner"');
  });

  it("shows on every public page: a petition's, the lists, help, feedback and the error pages", async () => {
    const petition = await openPetition();
    const { id: gathering } = await startPetition();
    const banner = "Planned maintenance on Sunday";
    await change({ home_page_message: banner });
    const pages = [
      `/petitions/${petition.id}`,
      `/petitions/${gathering}/gathering-support`,
      "/petitions",
      "/petitions?state=open",
      "/help",
      "/help/standards",
      "/feedback",
      "/petitions/local",
      "/no-such-page",
      "/petitions/999999999",
    ];
    for (const path of pages) {
      const answer = await get(path, { headers: HTML });
      expect(answer.text, path).toContain('id="site-banner"');
      expect(answer.text, path).toContain(banner);
    }
    // Programs' answers are unchanged.
    expect((await get(`/petitions/${petition.id}.json`)).text).not.toContain(banner);
    await change({ home_page_message: "" });
    for (const path of pages) {
      expect((await get(path, { headers: HTML })).text, path).not.toContain('id="site-banner"');
    }
  });
});

describe("the public pages' figures", () => {
  it("are the thresholds, duration and most supporters in effect: help, a petition's page and its pages before publication", async () => {
    const started = await startPetition();
    const petition = await openPetition();
    await change({
      threshold_for_moderation: 2,
      threshold_for_response: 12_345,
      threshold_for_debate: 67_890,
      petition_duration_months: 3,
      max_sponsors: 2,
    });
    const help = (await get("/help", { headers: HTML })).text;
    expect(help).toContain("Get 2 people to support it");
    expect(help).toContain("Petitions stay open for 3 months");
    expect(help).toContain("At 12,345 signatures the Government responds");
    expect(help).toContain("At 67,890 signatures Parliament considers");
    const shown = (await get(`/petitions/${petition.id}`, { headers: HTML })).text;
    expect(shown).toContain("The Government responds to petitions with 12,345 signatures or more");
    expect(shown).toContain("Parliament considers all petitions with 67,890 signatures or more");
    expect((await get(`/petitions/${started.id}/gathering-support`, { headers: HTML })).text).toContain(
      "This petition needs 2 more supporters",
    );
    await gatherSponsors(started, 2);
    await expect
      .poll(async () => {
        await drain();
        return (await get(`/petitions/${started.id}/moderation-info`, { headers: HTML })).text;
      })
      .toContain("No more people can sign this petition until it has been approved");
  });
});

describe("a threshold changed at run time", () => {
  it("is the one the counter and the threshold schedule use", async () => {
    const petition = await openPetition();
    await drain();
    // Two signatures short of the new threshold, which is below the engine's (10).
    const count = (
      await get<{ data: { attributes: { signature_count: number } } }>(`/petitions/${petition.id}.json`)
    ).body.data.attributes.signature_count;
    expect(count + 2).toBeLessThan(10);
    await change({ threshold_for_response: count + 2 });
    const emails: string[] = [];
    for (let i = 0; i < 2; i++) {
      const email = uniqueEmail(`early${i}`);
      emails.push(email);
      const signing = signer({ email, notify_by_email: true });
      expect((await post(`/petitions/${petition.id}/signatures`, signing)).status).toBe(202);
      const mail = await onlyMail(email, /Confirm/i);
      expect((await get(pathOf(linkIn(mail, /\/verify\?token=/)))).status).toBe(200);
    }
    await expect
      .poll(async () => {
        await drain();
        await runSchedule("ProcessThresholds");
        const answer = await get<{ data: { attributes: { response_threshold_reached_at: string | null } } }>(
          `/petitions/${petition.id}.json`,
        );
        return answer.body.data.attributes.response_threshold_reached_at;
      })
      .not.toBeNull();
    // The signers' email (a mail job) names the threshold in effect.
    const told = async () => {
      await drain();
      return (await mailTo(emails[0] ?? "", /The government will respond to/)).map((mail) => mail.text);
    };
    await expect.poll(told).toEqual([expect.stringContaining(`Petitions with ${count + 2} signatures`)]);
  });

  it("is the one a recount stamps", async () => {
    const petition = await openPetition();
    const email = uniqueEmail("recounted");
    expect((await post(`/petitions/${petition.id}/signatures`, signer({ email }))).status).toBe(202);
    const verify = new URL(linkIn(await onlyMail(email, /Confirm/i), /\/verify\?token=/));
    expect((await get(`${verify.pathname}${verify.search}`)).status).toBe(200);
    await drain();
    const count = (await get<{ signature_count: number }>(`/petitions/${petition.id}/count.json`)).body
      .signature_count;
    expect(count).toBeLessThan(10);
    // Drift the recount corrects: the counts item is one short, and its petition is marked.
    const { SK: mark } = await driftCounts(petition.id, count - 1);
    await quieten(petition.id);
    // The recount's one more signature reaches the threshold in effect, below the engine's (10).
    await change({ threshold_for_response: count });
    for (let run = 0; run < 50 && (await getItem("RECOUNT", mark)); run++)
      await runSchedule("ReconcileCounts");
    await drain();
    await runSchedule("ProcessThresholds");
    const answer = await get<{
      data: { attributes: { signature_count: number; response_threshold_reached_at: string | null } };
    }>(`/petitions/${petition.id}.json`);
    expect(answer.body.data.attributes.signature_count).toBe(count);
    expect(answer.body.data.attributes.response_threshold_reached_at).not.toBeNull();
  });

  it("is the one the creators' emails name", async () => {
    await change({ threshold_for_moderation: 3 });
    const { creatorEmail } = await startPetition();
    const gather = await onlyMail(creatorEmail, /Get supporters for/);
    expect(gather.text).toContain("When 3 supporters have supported it");
  });
});

describe("moderation delay", () => {
  it("gives creators the delayed emails and the start pages its notice while the queue is at the threshold", async () => {
    await change({ threshold_for_moderation_delay: 1_000_000 });
    expect((await get("/petitions/new", { headers: HTML })).text).not.toContain('id="moderation-delay"');
    const ordinary = await startPetition();
    expect((await onlyMail(ordinary.creatorEmail, /Get supporters for/)).text).not.toContain(
      "a number of weeks",
    );

    // A threshold of 1: any petition awaiting moderation delays it (the first one supported makes sure).
    await change({ threshold_for_moderation_delay: 1 });
    const first = await startPetition();
    await gatherSponsors(first, 5);
    await drain();
    expect((await get("/petitions/new", { headers: HTML })).text).toContain('id="moderation-delay"');
    const delayed = await startPetition();
    expect((await onlyMail(delayed.creatorEmail, /Get supporters for/)).text).toContain("a number of weeks");
    await gatherSponsors(delayed, 5);
    const pending = await onlyMail(delayed.creatorEmail, /Your petition has/);
    expect(pending.text).toContain("a number of weeks");
    expect(pending.text).not.toContain("10 working days");
  });

  it("lets sysadmins preview, then email each overdue petition's creator once", async () => {
    const overdue = [await startPetition(), await startPetition()];
    for (const petition of overdue) await gatherSponsors(petition, 5);
    await drain();
    // Supported 20 days ago: overdue (14 days) in moderation.
    const long = new Date(Date.now() - 20 * 24 * 3600 * 1000).toISOString();
    for (const petition of overdue)
      await setItemFields(`PETITION#${petition.id}`, "PETITION", {
        byStateSK: `${long}#${String(petition.id).padStart(12, "0")}`,
      });
    const recent = await startPetition();
    await gatherSponsors(recent, 5);
    await drain();

    const token = await staffToken("sysadmin", "sysadmin-delay");
    const mail = {
      subject: `Checking petitions is taking longer ${Date.now()}`,
      body: "We are sorry.\n\nThank you.",
    };
    const preview = await post<{ preview: { subject: string; text: string }; overdue: number }>(
      "/admin/moderation-delay",
      { ...mail, preview: true },
      { token },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.preview.subject).toBe(mail.subject);
    expect(preview.body.preview.text).toContain("We are sorry.\n\nThank you.");
    expect(preview.body.overdue).toBeGreaterThanOrEqual(2);
    await drain();
    expect(await mailTo(overdue[0]?.creatorEmail ?? "", new RegExp(mail.subject))).toEqual([]);

    const tooLong = await post<Problems>(
      "/admin/moderation-delay",
      { subject: "x".repeat(101), body: "b" },
      { token },
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors.map((e) => e.field)).toEqual(["subject"]);
    expect(
      (await post("/admin/moderation-delay", mail, { token: await staffToken("moderator") })).status,
    ).toBe(403);

    const sent = await post<{ queued: number; overdue: number }>("/admin/moderation-delay", mail, { token });
    expect(sent.status).toBe(202);
    expect(sent.body.queued).toBe(sent.body.overdue);
    // Pressed again: nobody is emailed twice.
    const again = await post<{ queued: number }>("/admin/moderation-delay", mail, { token });
    expect(again.body.queued).toBe(0);
    for (const petition of overdue) {
      const got = await onlyMail(petition.creatorEmail, new RegExp(mail.subject));
      expect(got.text).toContain(`/petitions/${petition.id}`);
    }
    expect(await mailTo(recent.creatorEmail, new RegExp(mail.subject))).toEqual([]);
  });
});

describe("the staff pages", () => {
  /** A sysadmin's (or moderator's) browser without JavaScript: the session cookie and the page's CSRF token. */
  async function staffForm(path: string, role: "sysadmin" | "moderator" = "sysadmin") {
    const session = `staff_session=${await staffToken(role, `${role}-pages`)}`;
    const form = await get(path, { headers: { ...HTML, cookie: session } });
    const csrf = (form.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const token = form.text.match(/name="csrf_token" value="([^"]+)"/)?.[1] ?? "";
    const submit = (fields: Record<string, string>) =>
      call("POST", path, {
        headers: {
          ...HTML,
          cookie: `${session}; ${csrf}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        rawBody: new URLSearchParams({ ...fields, csrf_token: token }).toString(),
      });
    return { form, submit };
  }

  /** The settings form as shown: every field's value. */
  const formFields = (html: string) => {
    const fields: Record<string, string> = {};
    for (const [, name, value] of html.matchAll(/<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"/g))
      if (name && name !== "csrf_token" && !["signing_paused", "creation_disabled"].includes(name))
        fields[name] = value ?? "";
    for (const [, name, value] of html.matchAll(/<textarea[^>]*name="([a-z_]+)"[^>]*>([^<]*)<\/textarea>/g))
      if (name) fields[name] = (value ?? "").trim();
    return fields;
  };

  it("let a sysadmin change a setting from the form, refuse a bad one naming it, and refuse moderators", async () => {
    const { form, submit } = await staffForm("/staff/settings");
    expect(form.status).toBe(200);
    const fields = formFields(form.text);
    expect(fields.threshold_for_debate).toBe("20");

    const bad = await submit({ ...fields, threshold_for_moderation: "11" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('href="#threshold_for_moderation"');

    const saved = await submit({ ...fields, creation_disabled: "true" });
    expect(saved.status, saved.text.slice(0, 500)).toBe(200);
    expect(saved.text).toContain("Saved: creation_disabled");
    const after = await settings();
    expect(after.creation_disabled).toBe(true);
    expect(after.updated_by).toBe("sysadmin-pages");
    // Only the changed field is stored: the rest keep following the environment.
    expect(after.threshold_for_debate).toBe(20);

    // The same form again carries the old version: refused, nothing changed.
    const stale = await submit({ ...fields, home_page_message: "Stale" });
    expect(stale.status).toBe(409);
    expect((await settings()).home_page_message).toBe("");

    const moderator = await staffForm("/staff/settings", "moderator");
    expect(moderator.form.status).toBe(403);
  });

  it("preview the moderation delay email before it is sent", async () => {
    const { form, submit } = await staffForm("/staff/moderation-delay");
    expect(form.status).toBe(200);
    const subject = `A delay preview ${Date.now()}`;
    const preview = await submit({ subject, body: "It will take longer." });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('id="preview"');
    expect(preview.text).toContain("It will take longer.");
    const empty = await submit({ subject: "", body: "x" });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('href="#subject"');
  });
});
