/**
 * Constituencies, their MPs and the petitions signed in each, through the local engine:
 * `/constituencies.json`, the MP in a petition's JSON and on the signed page, the local
 * petitions lists (page, JSON, CSV; open and all) in e-petitions' order, and the postcode search.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { constituencySlug, loadMembers, memberOf } from "../../shared/geo/members.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { constituenciesSchema, localPetitionsSchema } from "../../shared/petitions/local-schemas.ts";
import { drain, get, linkIn, mailTo, pathOf, post, signer, uniqueEmail } from "../support/api.ts";
import { petitionRecord, writePetition } from "../support/direct.ts";
import { closeNow, openPetition, refreshCountsSnapshot, type StartedPetition } from "../support/flows.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DATA_DIR = process.env.DATA_DIR ?? path.resolve(projectRoot, "../shared/data/uk");
const data = loadUkData(DATA_DIR);
const members = loadMembers(DATA_DIR);

// The Western Isles: no other test signs from there, so its lists hold only this file's petitions.
const POSTCODE = "HS1 2BB";
const place = data.constituencyForPostcode(POSTCODE);
if (!place) throw new Error(`${POSTCODE} has no constituency in the data`);
const here = place;
const slug = constituencySlug(here.name);
const member = memberOf(members, here.onsCode);

interface LocalJson {
  constituency: string;
  mp?: { name: string; url: string | null };
  petitions: {
    action: string;
    url: string;
    state: string;
    constituency_signature_count: number;
    total_signature_count: number;
  }[];
}

let signed: StartedPetition;
let signedPage: string;
const direct = {
  lower: petitionRecord({ action: "Direct petition, 5 from the isles", signature_count: 40 }),
  higher: petitionRecord({ action: "Direct petition, 9 from the isles", signature_count: 12 }),
  closed: petitionRecord({
    action: "Direct petition, closed, 20 from the isles",
    state: "closed",
    signature_count: 30,
  }),
  elsewhere: petitionRecord({ action: "Direct petition signed elsewhere only", signature_count: 50 }),
};

beforeAll(async () => {
  direct.lower.by_constituency = { [here.onsCode]: 5, E14001063: 35 };
  direct.higher.by_constituency = { [here.onsCode]: 9, E14001063: 3 };
  direct.closed.by_constituency = { [here.onsCode]: 20, E14001063: 10 };
  direct.elsewhere.by_constituency = { E14001063: 50 };
  for (const p of Object.values(direct)) await writePetition(p);

  signed = await openPetition({ action: "Keep the ferries to the isles running" });
  const email = uniqueEmail("islander");
  expect(
    (await post(`/petitions/${signed.id}/signatures`, signer({ email, postcode: POSTCODE }))).status,
  ).toBe(202);
  await drain();
  const [mail] = await mailTo(email, /confirm/i);
  if (!mail) throw new Error("no confirmation email");
  const page = await get(pathOf(linkIn(mail, /\/verify\?token=/)), { headers: { accept: "text/html" } });
  expect(page.status).toBe(200);
  signedPage = page.text;
  // Local petitions list the document's snapshot of the counts, refreshed a minute after signing.
  await refreshCountsSnapshot(signed.id);
});

describe("/constituencies.json", () => {
  it("has every constituency in the data, keyed by ONS code, each with its member", async () => {
    const answer = await get<Record<string, Record<string, unknown>>>("/constituencies.json");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    constituenciesSchema.parse(answer.body);
    expect(Object.keys(answer.body)).toEqual(data.constituencies().map((c) => c.onsCode));
    for (const constituency of data.constituencies()) {
      const m = memberOf(members, constituency.onsCode);
      expect(answer.body[constituency.onsCode]).toEqual({
        mp: m.name,
        party: m.party,
        constituency: constituency.name,
        ons_code: constituency.onsCode,
        start_date: "2024-07-04",
        end_date: null,
      });
    }
  });
});

describe("a signature from a postcode", () => {
  it("shows the constituency's MP in the petition's JSON", async () => {
    const answer = await get<{
      data: {
        attributes: {
          signatures_by_constituency: { ons_code: string; mp: string | null; signature_count: number }[];
          signatures_by_region: { ons_code: string; name: string }[];
        };
      };
    }>(`/petitions/${signed.id}.json`);
    const row = answer.body.data.attributes.signatures_by_constituency.find(
      (c) => c.ons_code === here.onsCode,
    );
    expect(row).toEqual({ name: here.name, ons_code: here.onsCode, mp: member.name, signature_count: 1 });
    expect(member.name).not.toBeNull();
    // Every constituency row names its MP, the creator's and supporters' too.
    for (const c of answer.body.data.attributes.signatures_by_constituency)
      expect(c.mp).toBe(memberOf(members, c.ons_code).name);
    // Regions carry e-petitions' letter codes, in its order.
    const regions = answer.body.data.attributes.signatures_by_region;
    expect(regions.find((r) => r.name === "Scotland")?.ons_code).toBe("M");
    expect(regions.map((r) => r.ons_code)).toEqual(regions.map((r) => r.ons_code).sort());
    for (const r of regions) expect(r.ons_code).toMatch(/^[A-N]$/);
  });

  it("names the constituency and its MP on the signed page, with the constituency's petitions", () => {
    expect(signedPage).toContain("Contact your MP");
    expect(signedPage).toContain(here.name);
    expect(signedPage).toContain(member.name ?? "no member");
    expect(signedPage).toContain(`href="/petitions/local/${slug}"`);
  });
});

describe("local petitions", () => {
  it("lists exactly the open petitions signed there, most signed there first, with the MP", async () => {
    const answer = await get<LocalJson>(`/petitions/local/${slug}.json`);
    expect(answer.status).toBe(200);
    localPetitionsSchema.parse(answer.body);
    expect(answer.body.constituency).toBe(here.name);
    expect(answer.body.mp?.name).toBe(member.name);
    expect(answer.body.petitions.map((p) => p.action)).toEqual([
      direct.higher.action,
      direct.lower.action,
      "Keep the ferries to the isles running",
    ]);
    expect(answer.body.petitions[0]).toEqual({
      action: direct.higher.action,
      url: expect.stringMatching(new RegExp(`/petitions/${direct.higher.id}$`)),
      state: "open",
      constituency_signature_count: 9,
      total_signature_count: 12,
    });
  });

  it("lists open and closed under /all, as a page and as CSV too", async () => {
    const all = await get<LocalJson>(`/petitions/local/${slug}/all.json`);
    expect(all.body.petitions.map((p) => [p.action, p.state, p.constituency_signature_count])).toEqual([
      [direct.closed.action, "closed", 20],
      [direct.higher.action, "open", 9],
      [direct.lower.action, "open", 5],
      ["Keep the ferries to the isles running", "open", 1],
    ]);
    const csv = await get(`/petitions/local/${slug}/all.csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain(`all-popular-petitions-in-${slug}.csv`);
    const [header, first] = csv.text.trim().split("\n");
    expect(header).toBe("Petition,URL,State,Local Signatures,Total Signatures");
    expect(first).toMatch(
      new RegExp(
        `^"Direct petition, closed, 20 from the isles",http://[^,]+/petitions/${direct.closed.id},closed,20,30$`,
      ),
    );
    const page = await get(`/petitions/local/${slug}/all`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`All petitions signed in the constituency of ${here.name}`);
    const order = [direct.closed, direct.higher, direct.lower].map((p) => page.text.indexOf(p.action));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(page.text).not.toContain(direct.elsewhere.action);
  });

  it("moves a petition from the open list to the closed when it closes", async () => {
    await closeNow(signed.id);
    const open = await get<LocalJson>(`/petitions/local/${slug}.json`);
    expect(open.body.petitions.map((p) => p.action)).toEqual([direct.higher.action, direct.lower.action]);
    const all = await get<LocalJson>(`/petitions/local/${slug}/all.json`);
    expect(all.body.petitions.at(-1)).toMatchObject({
      action: "Keep the ferries to the isles running",
      state: "closed",
    });
  });

  it("changes nothing for a replayed older image of a petition", async () => {
    const { indexLocal } = await import("../../shared/petitions/local.ts");
    const before = await get<LocalJson>(`/petitions/local/${slug}/all.json`);
    const replay = { ...direct.lower, version: 0, by_constituency: { [here.onsCode]: 1_000 } };
    expect(await indexLocal(replay)).toBe("stale");
    expect((await get<LocalJson>(`/petitions/local/${slug}/all.json`)).body).toEqual(before.body);
  });

  it("answers 404 to a constituency that does not exist", async () => {
    expect((await get("/petitions/local/nowhere-at-all.json")).status).toBe(404);
    expect(
      (await get("/petitions/local/nowhere-at-all/all", { headers: { accept: "text/html" } })).status,
    ).toBe(404);
  });
});

describe("the postcode search", () => {
  it("leads from a postcode to its constituency's page, whatever its case and spacing", async () => {
    const answer = await get(`/petitions/local?postcode=${encodeURIComponent(" hs12bb ")}`, {
      headers: { accept: "text/html" },
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe(`/petitions/local/${slug}`);
    const page = await get(answer.headers.get("location") ?? "", { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Open petitions signed in the constituency of ${here.name}`);
    expect(page.text).toContain(member.name ?? "no member");
  });

  it("says clearly when a postcode has no constituency, without repeating it", async () => {
    for (const [postcode, message] of [
      ["BT1 1AA", "Northern Ireland"],
      ["not a postcode", "Enter a full UK postcode"],
    ] as const) {
      const answer = await get(`/petitions/local?postcode=${encodeURIComponent(postcode)}`, {
        headers: { accept: "text/html" },
      });
      expect(answer.status, postcode).toBe(200);
      expect(answer.text).toContain(message);
      expect(answer.text).toContain("govuk-error-summary");
      expect(answer.text).not.toContain(postcode);
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
    const form = await get("/petitions/local", { headers: { accept: "text/html" } });
    expect(form.text).toContain("Enter a full UK postcode");
    expect(form.text).not.toContain("govuk-error-summary");
  });
});
