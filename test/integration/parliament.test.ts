/**
 * The parliament cycle (e-petitions §1.6): a sysadmin sets the dissolution; at its time the
 * closing schedule closes every open petition early and stops every undecided one, emailing its
 * creator; the parliament is listed by /parliaments.json with its thresholds and the next opens.
 */
import { describe, expect, it } from "vitest";
import { readableDate } from "../../shared/domain/readable.ts";
import { escapeHtml } from "../../shared/html.ts";
import { keyOfSignatureId } from "../../shared/signatures/model.ts";
import {
  call,
  drain,
  everyListedId,
  get,
  getItem,
  linkIn,
  mailbox,
  mailTo,
  pathOf,
  post,
  runSchedule,
  signer,
  staffToken,
  uniqueEmail,
} from "../support/api.ts";
import { gatherSponsors, openPetition, startPetition } from "../support/flows.ts";
import { petitionText } from "../support/journeys.ts";

interface Errors {
  errors: { field: string; message: string }[];
}
interface ParliamentAnswer {
  data: {
    number: number;
    dissolution_at: string | null;
    dissolved_at?: string;
    changes: { staff_id: string; at: string }[];
  };
}
interface ArchivedPetition {
  type: string;
  id: number;
  links: { self: string };
  parliament: Record<string, unknown>;
  attributes: Record<string, unknown>;
}
interface ArchivedAnswer {
  links: { self: string };
  data: ArchivedPetition;
}
interface ArchivedList {
  data: ArchivedPetition[];
  links: { next: string | null };
}

/** Every petition of an archived list, page by page (other files' closed petitions share the archive). */
async function everyArchived(path: string): Promise<ArchivedPetition[]> {
  const all: ArchivedPetition[] = [];
  for (let page = 1; ; page++) {
    const answer = await get<ArchivedList>(`${path}${path.includes("?") ? "&" : "?"}page=${page}`);
    expect(answer.status, answer.text).toBe(200);
    all.push(...answer.body.data);
    if (!answer.body.links.next || answer.body.data.length === 0) return all;
  }
}

const dissolution = (at: Date, cutoff = new Date(at.getTime() - 60_000)) => ({
  government: "Conservative – Liberal Democrat coalition",
  dissolution_at: at.toISOString(),
  dissolution_heading: "Parliament is dissolving",
  dissolution_message: "This means all petitions will close in 2 weeks",
  dissolved_heading: "Parliament has been dissolved",
  dissolved_message: "Petitions will open again after the election",
  dissolution_faq_url: "https://www.parliament.uk/about/how/elections-and-voting/general/",
  notification_cutoff_at: cutoff.toISOString(),
  registration_closed_at: new Date(at.getTime() - 120_000).toISOString(),
  election_date: "2027-01-14",
  show_dissolution_notification: true,
});

const putParliament = (body: unknown, token?: string) =>
  call<ParliamentAnswer & Errors>("PUT", "/admin/parliament", { body, ...(token ? { token } : {}) });

const announce = (token: string) => post<Errors>("/admin/parliament/announcement", {}, { token });

const confirmed = new Set<string>();

/** `email` signs petition `id`, asking for updates or not, and confirms from its new email. */
async function signAs(id: number, email: string, notify: boolean) {
  const answer = await post(`/petitions/${id}/signatures`, signer({ email, notify_by_email: notify }));
  expect(answer.status).toBe(202);
  await drain();
  const confirm = (await mailbox()).find(
    (m) => m.to.includes(email) && /confirm your email/i.test(m.subject) && !confirmed.has(m.text),
  );
  if (!confirm) throw new Error(`no confirmation for ${email}`);
  confirmed.add(confirm.text);
  const link = linkIn(confirm, /\/verify\?token=/);
  expect((await get(pathOf(link))).status).toBe(200);
  return new URL(link).pathname.split("/")[2] as string;
}

describe("the parliament's dissolution", () => {
  it("is set by sysadmins only, and a bad body is refused naming the field, writing nothing", async () => {
    const body = dissolution(new Date(Date.now() + 86_400_000));
    expect((await putParliament(body)).status).toBe(401);
    expect((await putParliament(body, await staffToken("moderator"))).status).toBe(403);
    const sysadmin = await staffToken("sysadmin");
    const before = await call<ParliamentAnswer>("GET", "/admin/parliament", { token: sysadmin });
    for (const [bad, field] of [
      [{ ...body, dissolution_at: "next tuesday" }, "dissolution_at"],
      [{ ...body, dissolution_heading: undefined }, "dissolution_heading"],
      [{ ...body, notification_cutoff_at: "2099-01-01T00:00:00Z" }, "notification_cutoff_at"],
      [{ ...body, dissolution_faq_url: "javascript:alert(1)" }, "dissolution_faq_url"],
      [{ ...body, colour: "red" }, ""],
    ] as const) {
      const answer = await putParliament(bad, sysadmin);
      expect(answer.status, field).toBe(422);
      if (field) expect(answer.body.errors.map((e) => e.field)).toContain(field);
    }
    const after = await call<ParliamentAnswer>("GET", "/admin/parliament", { token: sysadmin });
    expect(after.body).toEqual(before.body);

    // The announcement needs what e-petitions needs before sending, each missing field named.
    const { dissolution_faq_url: _faq, ...withoutFaq } = body;
    expect((await putParliament(withoutFaq, sysadmin)).status).toBe(200);
    expect((await announce(await staffToken("moderator"))).status).toBe(403);
    const refused = await announce(sysadmin);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e) => e.field)).toEqual(["dissolution_faq_url"]);
  });

  it("runs end to end with the schedule: one announcement per person, early closing, stopping, the parliaments listed", async () => {
    const open = [];
    for (let i = 0; i < 6; i++) open.push(await openPetition());
    const [first, second] = open as [(typeof open)[0], (typeof open)[0]];
    const gathering = await startPetition();
    const checked = await startPetition();
    await gatherSponsors(checked, 5);
    const everywhere = uniqueEmail("everywhere");
    for (const p of open) await signAs(p.id, everywhere, true);
    const once = uniqueEmail("once");
    const onceSignature = await signAs(first.id, once, true);
    const unsubscribed = uniqueEmail("unsubscribed");
    await signAs(second.id, unsubscribed, false);

    const sysadmin = await staffToken("sysadmin", "sysadmin-dissolution");
    const soon = new Date(Date.now() + 3_600_000);
    const saved = await putParliament(dissolution(soon), sysadmin);
    expect(saved.status).toBe(200);
    const number = saved.body.data.number;
    expect(saved.body.data.changes.at(-1)?.staff_id).toBe("sysadmin-dissolution");
    // The site says so on its home page, in a GOV.UK notification banner.
    const home = await get("/", { headers: { accept: "text/html" } });
    expect(home.text).toMatch(/govuk-notification-banner__heading">Parliament is dissolving</);
    expect(home.text).toContain("This means all petitions will close in 2 weeks");
    const petitionPage = await get(`/petitions/${first.id}`, { headers: { accept: "text/html" } });
    expect(petitionPage.text).toMatch(/govuk-notification-banner__heading">Parliament is dissolving</);
    expect((await announce(sysadmin)).status).toBe(202);
    expect((await announce(sysadmin)).status).toBe(409);

    // The schedule sends the announcement: one email per person, five petitions named and the rest counted.
    const announced = (await runSchedule("ClosePetitions")) as { announcement: { sent: number } | null };
    expect(announced.announcement?.sent).toBeGreaterThanOrEqual(2 + open.length);
    const [all] = await mailTo(everywhere, /Parliament is dissolving/);
    expect(await mailTo(everywhere, /Parliament is dissolving/)).toHaveLength(1);
    const named = open.filter((p) => all?.text.includes(`/petitions/${p.id}\n`));
    expect(named).toHaveLength(5);
    expect(all?.text).toContain("and 1 more.");
    const [single] = await mailTo(once, /Parliament is dissolving/);
    expect(single?.text).toContain(`/petitions/${first.id}`);
    expect(single?.text).not.toContain("more.");
    expect(await mailTo(unsubscribed, /Parliament is dissolving/)).toHaveLength(0);
    // Creators are subscribed to their own petitions, so each hears once too.
    expect(await mailTo(first.creatorEmail, /Parliament is dissolving/)).toHaveLength(1);
    // Running again sends nobody anything more.
    expect(((await runSchedule("ClosePetitions")) as { announcement: unknown }).announcement).toBeNull();
    expect(await mailTo(everywhere, /Parliament is dissolving/)).toHaveLength(1);

    // The dissolution time comes: open petitions close at it, undecided ones stop.
    const at = new Date(Date.now() - 1000);
    // Every petition of this test was started after the cut-off, so stopping one emails its creator.
    expect((await putParliament(dissolution(at, new Date(at.getTime() - 3_600_000)), sysadmin)).status).toBe(
      200,
    );
    const run = (await runSchedule("ClosePetitions")) as {
      dissolution: {
        parliament: number;
        closed: number[];
        stopped: number[];
        archived: number;
        dissolved: boolean;
      };
    };
    expect(run.dissolution.parliament).toBe(number);
    expect(run.dissolution.dissolved).toBe(true);
    expect(run.dissolution.closed).toEqual(expect.arrayContaining(open.map((p) => p.id)));
    expect(run.dissolution.stopped).toEqual(expect.arrayContaining([gathering.id, checked.id]));

    // Closed at the dissolution and archived, its address redirects to the archive's (as there).
    const closed = await get(`/petitions/${first.id}.json`);
    expect(closed.status).toBe(302);
    expect(closed.headers.get("location")).toMatch(new RegExp(`/archived/petitions/${first.id}\\.json$`));
    const closedPage = await get(`/petitions/${first.id}`, { headers: { accept: "text/html" } });
    expect(closedPage.status).toBe(302);
    expect(closedPage.headers.get("location")).toMatch(new RegExp(`/archived/petitions/${first.id}$`));
    // It has left the live lists, their totals, search and its constituencies' lists.
    await drain();
    expect(await everyListedId("/petitions.json?state=closed&count=50")).not.toContain(first.id);
    const item = await getItem(`PETITION#${first.id}`, "PETITION");
    expect(item?.archived_in).toBe(number);
    for (const index of ["byStatePK", "visiblePK", "newestPK", "responsesPK", "outcomesPK"])
      expect(item?.[index], index).toBeUndefined();
    const closedIds = new Set<number>(run.dissolution.closed);
    expect(
      (await everyListedId("/petitions.json?state=all&count=50")).filter((id) => closedIds.has(id)),
    ).toEqual([]);
    const listPageText = (await get("/petitions?state=closed", { headers: { accept: "text/html" } })).text;
    expect(listPageText).not.toContain(`href="/petitions/${first.id}"`);
    for (const stopped of [gathering, checked]) {
      expect(await mailTo(stopped.creatorEmail, /We stopped your petition/)).toHaveLength(1);
      expect((await get(`/petitions/${stopped.id}.json`)).status).not.toBe(200);
    }
    // The open petition's creator is not told it stopped.
    expect(await mailTo(first.creatorEmail, /We stopped your petition/)).toHaveLength(0);

    // Until the next parliament opens: the dissolved heading and message on the home page, and
    // starting a petition closed (503, page and JSON alike), as e-petitions' registration closed.
    const dissolvedHome = await get("/", { headers: { accept: "text/html" } });
    expect(dissolvedHome.text).toMatch(/govuk-notification-banner__heading">Parliament has been dissolved</);
    expect(dissolvedHome.text).toContain("Petitions will open again after the election");
    const closedForm = await get("/petitions/new", { headers: { accept: "text/html" } });
    expect(closedForm.status).toBe(503);
    expect(closedForm.text).toContain("until the new Parliament opens");
    const refused = await post("/petitions", {
      ...petitionText(),
      ...signer({ name: "Chris Creator", email: uniqueEmail("closed") }),
    });
    expect(refused.status).toBe(503);
    // A second run finds nothing to do.
    const again = (await runSchedule("ClosePetitions")) as { dissolution: unknown };
    expect(again.dissolution).toBeNull();

    const listed = await get<Record<string, unknown>[]>("/parliaments.json");
    expect(listed.status).toBe(200);
    expect(listed.body.at(-1)).toEqual({
      period: null,
      dissolution_at: at.toISOString(),
      government: "Conservative – Liberal Democrat coalition",
      response_threshold: 10,
      debate_threshold: 20,
    });
    const next = await call<ParliamentAnswer>("GET", "/admin/parliament", { token: sysadmin });
    expect(next.body.data).toMatchObject({ number: number + 1, dissolution_at: null });
    // Its petitions take ids from a new block: a round number above every id so far.
    const block = (next.body.data as { first_petition_id?: number }).first_petition_id ?? 0;
    expect(block % 100_000).toBe(0);
    expect(block).toBeGreaterThan(Math.max(...open.map((p) => p.id), gathering.id, checked.id));
    const dissolvedItem = await getItem("PARLIAMENT", `PARLIAMENT#${String(number).padStart(4, "0")}`);
    const lastGiven = Number(dissolvedItem?.last_petition_id);
    expect(lastGiven).toBeLessThan(block);
    expect(lastGiven).toBeGreaterThanOrEqual(Math.max(...open.map((p) => p.id), gathering.id, checked.id));
    // A sysadmin opens the new parliament: the form opens and the home page has no notice.
    const opened = await putParliament({ opening_at: new Date().toISOString() }, sysadmin);
    expect(opened.status).toBe(200);
    expect((await get("/", { headers: { accept: "text/html" } })).text).not.toContain(
      'id="dissolution-title"',
    );
    expect((await get("/petitions/new", { headers: { accept: "text/html" } })).status).toBe(200);
    const newer = await startPetition();
    expect(newer.id).toBeGreaterThanOrEqual(block);
    expect(newer.id).toBeLessThan(block + 100_000);
    expect(next.body.data.dissolved_at).toBeUndefined();

    // The archive: e-petitions' archived-petition, with its parliament, as the petition stood.
    expect(run.dissolution.archived).toBeGreaterThanOrEqual(open.length);
    const archived = await get<ArchivedAnswer>(`/archived/petitions/${first.id}.json`);
    expect(archived.status).toBe(200);
    expect(archived.body.links.self).toMatch(new RegExp(`/archived/petitions/${first.id}\\.json$`));
    expect(archived.body.data).toMatchObject({
      type: "archived-petition",
      id: first.id,
      parliament: {
        period: null,
        government: "Conservative – Liberal Democrat coalition",
        dissolution_at: at.toISOString(),
        response_threshold: 10,
        debate_threshold: 20,
      },
      attributes: { state: "closed", closed_at: at.toISOString(), signature_count: 8, rejection: null },
    });
    expect(Object.keys(archived.body.data.attributes)).toEqual(
      expect.arrayContaining([
        "action",
        "background",
        "additional_details",
        "committee_note",
        "created_at",
        "opened_at",
        "government_response",
        "debate",
        "departments",
        "topics",
        "other_parliamentary_business",
      ]),
    );
    expect((await get(`/archived/petitions/${gathering.id}.json`)).status).toBe(404);
    expect((await get("/archived/petitions/abc.json")).status).toBe(400);

    // Its page (e-petitions' archived/petitions/show): the parliament, state, date and count.
    const html = { headers: { accept: "text/html" } };
    const shown = await get(`/archived/petitions/${first.id}`, html);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toMatch(/text\/html/);
    expect(shown.text).toContain(`>${escapeHtml(String(archived.body.data.attributes.action))}</h1>`);
    expect(shown.text).toContain(
      `This petition was submitted during the Parliament dissolved in ${at.getUTCFullYear()}`,
    );
    expect(shown.text).toContain(`href="/archived/petitions?parliament=${number}"`);
    expect(shown.text).toContain(
      `Closed on <time datetime="${at.toISOString()}"><strong>${readableDate(at.toISOString())}</strong>`,
    );
    expect(shown.text).toMatch(/id="signature-count">8</);
    expect(shown.text).toContain(`href="/archived/petitions/${first.id}.json"`);
    expect((await get(`/archived/petitions/${gathering.id}`, html)).status).toBe(404);
    expect((await get(`/archived/petitions/${first.id}.csv`)).status).toBe(404);
    // The list page: the parliament's petitions, by state and search, each linked to its page.
    // Other files' petitions are archived with these, so the list may run past its first page.
    const archivedIds: string[] = [];
    for (let page = 1; page <= 50; page++) {
      const listPage = await get(`/archived/petitions?parliament=${number}&state=closed&page=${page}`, html);
      expect(listPage.status).toBe(200);
      archivedIds.push(
        ...[...listPage.text.matchAll(/href="\/archived\/petitions\/(\d+)"/g)].map((m) => String(m[1])),
      );
      if (!listPage.text.includes(`page=${page + 1}`)) break;
    }
    for (const p of open) expect(archivedIds).toContain(String(p.id));
    const searchedPage = await get(
      `/archived/petitions?q=${encodeURIComponent(String(archived.body.data.attributes.action))}`,
      html,
    );
    expect(searchedPage.text).toContain(`href="/archived/petitions/${first.id}"`);
    expect(searchedPage.text).not.toContain(`href="/archived/petitions/${second.id}"`);
    expect((await get("/archived/petitions?state=rejected", html)).text).not.toContain(
      `href="/archived/petitions/${first.id}"`,
    );
    expect((await get(`/archived/petitions?parliament=${number + 1}`, html)).status).toBe(404);

    const archivedClosed = await everyArchived(
      `/archived/petitions.json?parliament=${number}&state=closed&count=50`,
    );
    expect(archivedClosed.map((p) => p.id)).toEqual(expect.arrayContaining(open.map((p) => p.id)));
    expect(
      archivedClosed.every((p) => p.type === "archived-petition" && p.links.self.endsWith(`${p.id}.json`)),
    ).toBe(true);
    const action = String(archived.body.data.attributes.action);
    const liveSearch = await get<{ data: { id: number }[] }>(
      `/petitions.json?state=all&q=${encodeURIComponent(action)}`,
    );
    expect(liveSearch.body.data.map((p) => p.id)).not.toContain(first.id);
    const searched = await get<ArchivedList>(
      `/archived/petitions.json?q=${encodeURIComponent(action.toUpperCase())}`,
    );
    expect(searched.status, searched.text).toBe(200);
    // Other files' petitions may share these words (each file numbers its petitions from 1).
    expect(searched.body.data.map((p) => p.id)).toContain(first.id);
    expect(searched.body.data.map((p) => p.id)).not.toContain(second.id);
    expect(
      (await everyArchived("/archived/petitions.json?state=rejected&count=50")).map((p) => p.id),
    ).not.toContain(first.id);
    expect((await get(`/archived/petitions.json?parliament=${number + 1}`)).status).toBe(404);
    const bad = await get<Errors>("/archived/petitions.json?count=0");
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.field)).toContain("count");

    // Unsubscribe links from before the dissolution keep working on the archived petition.
    const key = keyOfSignatureId(onceSignature);
    if (!key) throw new Error("the link holds no signature id");
    const token = String((await getItem(key.PK, key.SK))?.unsubscribe_token);
    const leave = await call<{ status: string }>(
      "POST",
      `/signatures/${onceSignature}/unsubscribe?token=${token}`,
      {
        rawBody: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
    );
    expect(leave.status).toBe(200);
    expect(leave.body.status).toBe("unsubscribed");
    expect((await getItem(key.PK, key.SK))?.notify_by_email).toBe(false);
  }, 300_000); // six petitions opened and signed, then the whole cycle: minutes on a busy machine
});
