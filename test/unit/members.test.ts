import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CONSTITUENCIES_START_DATE,
  constituenciesJson,
  constituencyBySlug,
  constituencySlug,
  loadMembers,
  MEMBERS_SNAPSHOT,
  memberOf,
  readMembers,
} from "../../shared/geo/members.ts";
import { loadUkData, parseCsv } from "../../shared/geo/uk-data.ts";
import { presentBreakdowns } from "../../shared/petitions/present.ts";
import { parseSlug } from "../../shared/web/pages/local.ts";
import { petitionRecord } from "../support/petition-record.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DATA_DIR = process.env.DATA_DIR ?? path.resolve(projectRoot, "../shared/data/uk");
const data = loadUkData(DATA_DIR);
const members = loadMembers(DATA_DIR);
const [header, ...rows] = parseCsv(readFileSync(path.join(DATA_DIR, "mps.csv"), "utf8"));
const column = (name: string) => header?.indexOf(name) ?? -1;

describe("constituency slugs, as Rails' parameterize makes e-petitions' slugs", () => {
  it("drops accents, lower-cases, and makes every other run one hyphen", () => {
    expect(constituencySlug("Queen's Park and Maida Vale")).toBe("queen-s-park-and-maida-vale");
    expect(constituencySlug("Ynys Môn")).toBe("ynys-mon");
    expect(constituencySlug("Harborough, Oadby and Wigston")).toBe("harborough-oadby-and-wigston");
    expect(constituencySlug("Weston-super-Mare")).toBe("weston-super-mare");
    expect(constituencySlug("  Na h-Eileanan an Iar ")).toBe("na-h-eileanan-an-iar");
  });

  it("gives every constituency its own slug, and finds it back by it", () => {
    const slugs = data.constituencies().map((c) => constituencySlug(c.name));
    expect(new Set(slugs).size).toBe(data.constituencies().length);
    for (const constituency of data.constituencies())
      expect(constituencyBySlug(data, constituencySlug(constituency.name))).toBe(constituency);
    expect(constituencyBySlug(data, "nowhere")).toBeNull();
  });

  it("reads a slug address's format from its suffix, and refuses what is not a slug", () => {
    expect(parseSlug("holborn-and-st-pancras")).toEqual({ slug: "holborn-and-st-pancras", format: "html" });
    expect(parseSlug("ynys-mon.json")).toEqual({ slug: "ynys-mon", format: "json" });
    expect(parseSlug("ynys-mon.csv")).toEqual({ slug: "ynys-mon", format: "csv" });
    for (const bad of ["", "Ynys-Mon", "ynys-mon.JSON", "ynys-mon.json.json", "-", "a/b", "a".repeat(200)])
      expect(parseSlug(bad), bad).toBeNull();
  });
});

describe("members of Parliament (mps.csv)", () => {
  it("has every constituency's member, with null fields only where the data has none", () => {
    expect(rows.length).toBe(data.constituencies().length);
    for (const cells of rows) {
      const member = memberOf(members, cells[column("ons_code")] ?? "");
      expect(member.name).toBe(cells[column("mp")] || null);
      expect(member.party).toBe(member.name ? cells[column("party")] || null : null);
    }
    expect(memberOf(members, "E14999999")).toEqual({ name: null, party: null, since: null });
  });

  it("renders /constituencies.json as e-petitions' jbuilder: keyed by ONS code, six fields each", () => {
    const json = constituenciesJson(data, members);
    expect(Object.keys(json)).toEqual(data.constituencies().map((c) => c.onsCode));
    const aldershot = json.E14001063;
    expect(aldershot).toEqual({
      mp: "Alex Baker MP",
      party: "Labour",
      constituency: "Aldershot",
      ons_code: "E14001063",
      start_date: CONSTITUENCIES_START_DATE,
      end_date: null,
    });
    for (const entry of Object.values(json))
      expect(Object.keys(entry)).toEqual([
        "mp",
        "party",
        "constituency",
        "ons_code",
        "start_date",
        "end_date",
      ]);
  });
});

describe("a petition's breakdowns", () => {
  const london = data.regions().find((r) => r.name === "London");
  const scotland = data.regions().find((r) => r.name === "Scotland");
  const northEast = data.regions().find((r) => r.name === "North East");
  const petition = petitionRecord(1, {
    by_constituency: { E14001063: 3 },
    by_region: {
      [scotland?.code ?? ""]: 2,
      [london?.code ?? ""]: 5,
      [northEast?.code ?? ""]: 1,
    },
  });

  it("names each constituency's MP", () => {
    const { signatures_by_constituency } = presentBreakdowns(petition, data, members);
    expect(signatures_by_constituency).toEqual([
      { name: "Aldershot", ons_code: "E14001063", mp: "Alex Baker MP", signature_count: 3 },
    ]);
  });

  it("gives regions e-petitions' letter codes, in e-petitions' order (by letter)", () => {
    const { signatures_by_region } = presentBreakdowns(petition, data, members);
    expect(signatures_by_region).toEqual([
      { name: "North East", ons_code: "A", signature_count: 1 },
      { name: "London", ons_code: "H", signature_count: 5 },
      { name: "Scotland", ons_code: "M", signature_count: 2 },
    ]);
  });
});

describe("the members snapshot a bundle carries", () => {
  it("is read instead of mps.csv and holds the same member for every constituency", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "members-snapshot-"));
    try {
      writeFileSync(path.join(dir, MEMBERS_SNAPSHOT), JSON.stringify(readMembers(DATA_DIR)));
      // No mps.csv in the directory: only the snapshot can answer.
      const bundled = loadMembers(dir);
      expect(bundled).not.toBe(members);
      expect([...bundled]).toEqual([...members]);
      for (const { onsCode } of data.constituencies())
        expect(memberOf(bundled, onsCode)).toEqual(memberOf(members, onsCode));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
