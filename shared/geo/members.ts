/**
 * Members of Parliament by constituency (`mps.csv` in the data directory), and what e-petitions
 * builds from them: `/constituencies.json`, the constituency slugs of `/petitions/local/<slug>`,
 * and the MP named beside each constituency.
 *
 * Provides:
 * - `loadMembers(dir)`: the sitting member of each constituency by ONS code, cached per
 *   directory; `null` fields for a vacant seat. Throws on bad data. A bundle's data directory
 *   also holds them as read and checked at bundle time (`MEMBERS_SNAPSHOT`, from
 *   `readMembers`), which it then reads instead of the file.
 * - `constituencySlug(name)`: Rails' `parameterize`, as e-petitions makes its slugs.
 * - `constituencyBySlug(data, slug)`, `constituenciesJson(data, members)`, `memberUrl(...)`.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "../zod.ts";
import { type Member, memberOf, VACANT } from "./member.ts";
import { type Constituency, parseCsv, UK_DATA_FILES, type UkData } from "./uk-data.ts";

export { type Member, memberOf } from "./member.ts";

/**
 * The day the constituencies in the data came into being: the July 2024 boundaries, first used
 * at that day's general election. e-petitions' `start_date` and `end_date` are the
 * constituency's dates, not the member's.
 */
export const CONSTITUENCIES_START_DATE = "2024-07-04";

const blankIsNull = z.pipe(
  z.string(),
  z.transform((value) => (value.trim() === "" ? null : value.trim())),
);
const memberRowSchema = z.object({
  ons_code: z.string().check(z.regex(/^[EWSN]\d{8}$/)),
  mp: blankIsNull,
  party: blankIsNull,
  start_date: z.pipe(
    z.string().check(z.regex(/^(\d{4}-\d{2}-\d{2})?$/)),
    z.transform((value) => (value === "" ? null : value)),
  ),
});

/** The members as read and checked at bundle time, in a bundle's data directory (`readMembers`). */
export const MEMBERS_SNAPSHOT = "members.snapshot.json";

/** Defined (true) by the bundler for deployed functions: their data directory holds the snapshot. */
declare const PETITIONS_UK_DATA_SNAPSHOT: boolean | undefined;

/** Each constituency's member by ONS code, from the data directory's `mps.csv`. Throws on bad data. */
export function readMembers(dir: string): [string, Member][] {
  const file = resolve(dir, UK_DATA_FILES.mps);
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  if (header === undefined) throw new Error(`${file} is empty`);
  return rows.map((cells, index) => {
    const record = Object.fromEntries(header.map((name, column) => [name, cells[column] ?? ""]));
    const parsed = memberRowSchema.safeParse(record);
    if (!parsed.success) throw new Error(`${file} row ${index + 2}: ${z.prettifyError(parsed.error)}`);
    const { ons_code, mp, party, start_date } = parsed.data;
    return [ons_code, mp === null ? VACANT : { name: mp, party, since: start_date }];
  });
}

const loaded = new Map<string, ReadonlyMap<string, Member>>();

export function loadMembers(dir: string): ReadonlyMap<string, Member> {
  const key = resolve(dir);
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  // In a bundle, the snapshot written from mps.csv at bundle time; elsewhere, the file.
  const snapshot = resolve(key, MEMBERS_SNAPSHOT);
  const members = new Map(
    (typeof PETITIONS_UK_DATA_SNAPSHOT !== "undefined" && PETITIONS_UK_DATA_SNAPSHOT) || existsSync(snapshot)
      ? (JSON.parse(readFileSync(snapshot, "utf8")) as [string, Member][])
      : readMembers(key),
  );
  loaded.set(key, members);
  return members;
}

/**
 * Rails' `String#parameterize`, which e-petitions' slugs are: accents dropped, lower case, every
 * run of other characters one hyphen, none at either end (`Queen's Park` -> `queen-s-park`).
 */
export function constituencySlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\-_]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
}

const bySlug = new WeakMap<UkData, ReadonlyMap<string, Constituency>>();

export function constituencyBySlug(data: UkData, slug: string): Constituency | null {
  let map = bySlug.get(data);
  if (map === undefined) {
    map = new Map(data.constituencies().map((c) => [constituencySlug(c.name), c]));
    bySlug.set(data, map);
  }
  return map.get(slug) ?? null;
}

/**
 * Where to read about a member. e-petitions links the member's page by Parliament's member id,
 * which the data does not hold, so this is Parliament's search for the member by name.
 */
export const memberUrl = (member: Member): string | null =>
  member.name === null
    ? null
    : `https://members.parliament.uk/members/Commons?SearchText=${encodeURIComponent(
        member.name.replace(/^(Rt Hon |Sir |Dame |Dr )+/g, "").replace(/ MP$/, ""),
      )}`;

/** `/constituencies.json` as e-petitions renders it: keyed by ONS code, in ONS code order. */
export function constituenciesJson(data: UkData, members: ReadonlyMap<string, Member>) {
  const out: Record<
    string,
    {
      mp: string | null;
      party: string | null;
      constituency: string;
      ons_code: string;
      start_date: string;
      end_date: string | null;
    }
  > = {};
  for (const constituency of data.constituencies()) {
    const member = memberOf(members, constituency.onsCode);
    out[constituency.onsCode] = {
      mp: member.name,
      party: member.party,
      constituency: constituency.name,
      ons_code: constituency.onsCode,
      start_date: CONSTITUENCIES_START_DATE,
      end_date: null,
    };
  }
  return out;
}
