/**
 * The UK reference data (constituencies, regions, locations, hex map), read once per process
 * from the data directory (`DATA_DIR`; see that directory's README for sources and formats).
 *
 * Provides:
 * - `loadUkData(dir)`: the parsed and validated data, cached per directory. Throws on bad data.
 *   A bundle's data directory also holds the data as read and checked at bundle time
 *   (`UK_DATA_SNAPSHOT` and `UK_RANGES_SNAPSHOT`, written by `writeUkDataSnapshot`), which it
 *   then reads instead of the files.
 * - `readUkData(dir)` / `ukDataFrom(data)`: the two halves: read and check, then index.
 * - `UkData`: `constituencyForPostcode`, `constituencies`, `constituencyByCode`, `regions`,
 *   `regionByCode`, `northernIrelandRegion`, `locations(now)`, `locationByCode`, `hexMap`.
 * - the postcode range lookup it reads: shared/geo/postcode-ranges.ts.
 * - `parseCsv(text)`: RFC 4180 rows (csv-parse: quoted fields, doubled quotes, CRLF, BOM).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { londonDate } from "../domain/closing-date.ts";
import { isNorthernIreland, isStandardPostcode, normalisePostcode } from "../domain/postcode.ts";
import * as z from "../zod.ts";
import {
  decodeRangeLookup,
  decodeRangeTable,
  encodeRangeTable,
  lookupRange,
  postcodeKey,
  type RangeLookup,
  type RawRangeLookup,
  rangeLookupSchema,
} from "./postcode-ranges.ts";

export interface Constituency {
  name: string;
  /** GSS code, e.g. E14001172. */
  onsCode: string;
  /** GSS code of the region (England) or nation, e.g. E12000007. */
  regionCode: string;
  regionName: string;
}

export interface Region {
  /** GSS code. */
  code: string;
  /** ONS letter code, e.g. H for London. */
  letterCode: string;
  name: string;
  parliamentAreaId: number;
  constituencyCount: number;
}

export interface Location {
  code: string;
  name: string;
  /** YYYY-MM-DD, or null when it has always existed. */
  startDate: string | null;
  /** YYYY-MM-DD, or null when it still exists. */
  endDate: string | null;
}

export interface Hex {
  onsCode: string;
  name: string;
  q: number;
  r: number;
  regionCode: string;
}

export interface HexMap {
  layout: string;
  hexes: readonly Hex[];
}

export interface UkData {
  /** Null for Northern Ireland, BFPO, anything not a valid postcode, and outside the lookup's range. */
  constituencyForPostcode(postcode: string): Constituency | null;
  /** All 650, sorted by ONS code. */
  constituencies(): readonly Constituency[];
  constituencyByCode(onsCode: string): Constituency | null;
  /** All 12 regions and nations, in the order of regions.csv. */
  regions(): readonly Region[];
  regionByCode(code: string): Region | null;
  northernIrelandRegion(): Region;
  /** The locations a signer may choose at `now`. */
  locations(now: Date): readonly Location[];
  /** Any location, current or historical, so that stored codes still have a name. */
  locationByCode(code: string): Location | null;
  hexMap(): HexMap;
}

/** The files read from the data directory; the AWS bundles carry exactly these. */
export const UK_DATA_FILES = {
  rangeLookup: "mysociety_pcon_2024_range_lookup.json",
  constituencyLookup: "mysociety_pcon_2024_lookup.json",
  hexMap: "odileeds_uk-constituencies-2023.hexjson",
  scottishCodeFix: "pcon24_scottish_code_fix.csv",
  regions: "regions.csv",
  countries: "epetitions_countries.csv",
  /** Read by shared/geo/members.ts. */
  mps: "mps.csv",
} as const;

const constituencyLookupSchema = z.record(
  z.string(),
  z.object({
    parlcon_2024_name: z.string().check(z.minLength(1)),
    parlcon_2024_gss_code: z.string().check(z.minLength(1)),
  }),
);

const hexJsonSchema = z.object({
  layout: z.string().check(z.minLength(1)),
  hexes: z.record(
    z.string(),
    z.object({
      n: z.string(),
      q: z.number().check(z.int()),
      r: z.number().check(z.int()),
      region: z.string().check(z.minLength(1)),
    }),
  ),
});

const scottishCodeFixSchema = z.object({
  old_code_in_pre_july_2024_files: z.string().check(z.minLength(1)),
  final_PCON24CD: z.string().check(z.minLength(1)),
});

const regionRowSchema = z.object({
  ons_letter_code: z.string().check(z.minLength(1)),
  gss_code: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  parliament_area_id: z.coerce.number().check(z.int()),
  pcon24_count: z.coerce.number().check(z.int(), z.nonnegative()),
});

const optionalDate = z.pipe(
  z.string().check(z.regex(/^(\d{4}-\d{2}-\d{2})?$/)),
  z.transform((value) => (value === "" ? null : value)),
);

const countryRowSchema = z.object({
  code: z.string().check(z.regex(/^[A-Z]{2,3}$/)),
  name: z.string().check(z.minLength(1)),
  start_date: optionalDate,
  end_date: optionalDate,
});

/** Parses RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes; a BOM is dropped. */
export function parseCsv(text: string): string[][] {
  return parse(text, {
    bom: true,
    record_delimiter: ["\r\n", "\n", "\r"],
    skip_empty_lines: true,
    relax_column_count: true,
  });
}

function readCsv<T>(path: string, schema: z.ZodMiniType<T>): T[] {
  const [header, ...rows] = parseCsv(readFileSync(path, "utf8"));
  if (header === undefined) throw new Error(`${path} is empty`);
  return rows.map((cells, index) => {
    const record = Object.fromEntries(header.map((name, column) => [name, cells[column] ?? ""]));
    const parsed = schema.safeParse(record);
    if (!parsed.success) throw new Error(`${path} row ${index + 2}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

function readJson<T>(path: string, schema: z.ZodMiniType<T>): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function byOnsCode(a: { onsCode: string }, b: { onsCode: string }): number {
  return a.onsCode < b.onsCode ? -1 : a.onsCode > b.onsCode ? 1 : 0;
}

/**
 * The data as read and checked, in plain values. A function's bundle carries it beside the data
 * files, written at bundle time from those same files (`writeUkDataSnapshot`), so a cold start
 * reads two files instead of reading and checking six: one JSON file, and the postcode range
 * table already decoded.
 */
export interface UkDataSnapshot {
  regions: Region[];
  /** Each constituency by the postcode lookup's short code. */
  constituencies: [shortCode: string, constituency: Constituency][];
  hexMap: HexMap;
  ranges: RawRangeLookup;
  locations: Location[];
}

/** The snapshot's file names in a bundle's data directory. */
export const UK_DATA_SNAPSHOT = "uk-data.snapshot.json";
/** The postcode range table, decoded (shared/geo/postcode-ranges.ts `encodeRangeTable`). */
export const UK_RANGES_SNAPSHOT = "uk-ranges.snapshot.bin";

/** What `ukDataFrom` indexes: the data with its range table decoded. */
export type UkDataTables = Omit<UkDataSnapshot, "ranges"> & { ranges: RangeLookup };

/** The JSON snapshot: the data, with the range table's size and values (its keys are beside it). */
type JsonSnapshot = Omit<UkDataSnapshot, "ranges"> & {
  ranges: { count: number; values: readonly (string | null)[] };
};

/** Writes `data`'s two snapshot files into `dir`. */
export function writeUkDataSnapshot(dir: string, data: UkDataSnapshot): void {
  const table = decodeRangeLookup(data.ranges);
  const json: JsonSnapshot = { ...data, ranges: { count: table.keys.length, values: table.values } };
  writeFileSync(resolve(dir, UK_DATA_SNAPSHOT), JSON.stringify(json));
  writeFileSync(resolve(dir, UK_RANGES_SNAPSHOT), encodeRangeTable(table));
}

/** What `writeUkDataSnapshot` wrote into `dir`. */
export function readUkDataSnapshot(dir: string): UkDataTables {
  const { ranges, ...rest } = JSON.parse(
    readFileSync(resolve(dir, UK_DATA_SNAPSHOT), "utf8"),
  ) as JsonSnapshot;
  const table = readFileSync(resolve(dir, UK_RANGES_SNAPSHOT));
  return { ...rest, ranges: decodeRangeTable(table, ranges.count, ranges.values) };
}

/** The data as read from the files, its range table decoded. */
export const tablesOf = (data: UkDataSnapshot): UkDataTables => ({
  ...data,
  ranges: decodeRangeLookup(data.ranges),
});

/** Reads and checks the data directory's files. Throws on bad data, naming the file. */
export function readUkData(dir: string): UkDataSnapshot {
  const path = (name: string) => resolve(dir, name);

  const regions: Region[] = readCsv(path(UK_DATA_FILES.regions), regionRowSchema).map((row) => ({
    code: row.gss_code,
    letterCode: row.ons_letter_code,
    name: row.name,
    parliamentAreaId: row.parliament_area_id,
    constituencyCount: row.pcon24_count,
  }));
  northernIrelandOf(regions);
  const regionsByCode = new Map(regions.map((region) => [region.code, region]));

  // The hex map predates five reissued Scottish codes; rename its keys to the final ones.
  const codeFixes = new Map(
    readCsv(path(UK_DATA_FILES.scottishCodeFix), scottishCodeFixSchema).map((row) => [
      row.old_code_in_pre_july_2024_files,
      row.final_PCON24CD,
    ]),
  );
  const rawHexMap = readJson(path(UK_DATA_FILES.hexMap), hexJsonSchema);
  const hexEntries = Object.entries(rawHexMap.hexes).map(([code, hex]) => ({
    ...hex,
    onsCode: codeFixes.get(code) ?? code,
  }));
  const regionCodeByConstituency = new Map(hexEntries.map((hex) => [hex.onsCode, hex.region]));

  const shortCodes = readJson(path(UK_DATA_FILES.constituencyLookup), constituencyLookupSchema);
  const constituencies: UkDataSnapshot["constituencies"] = [];
  for (const [shortCode, entry] of Object.entries(shortCodes)) {
    const onsCode = entry.parlcon_2024_gss_code;
    const regionCode = regionCodeByConstituency.get(onsCode);
    const region = regionCode === undefined ? undefined : regionsByCode.get(regionCode);
    if (region === undefined)
      throw new Error(`No region for constituency ${onsCode} in ${UK_DATA_FILES.hexMap}`);
    constituencies.push([
      shortCode,
      { name: entry.parlcon_2024_name, onsCode, regionCode: region.code, regionName: region.name },
    ]);
  }
  const nameByCode = new Map(constituencies.map(([, c]) => [c.onsCode, c.name]));

  const hexes: Hex[] = hexEntries
    .map((hex) => ({
      onsCode: hex.onsCode,
      name: nameByCode.get(hex.onsCode) ?? hex.n,
      q: hex.q,
      r: hex.r,
      regionCode: hex.region,
    }))
    .sort(byOnsCode);

  const locations: Location[] = readCsv(path(UK_DATA_FILES.countries), countryRowSchema).map((row) => ({
    code: row.code,
    name: row.name,
    startDate: row.start_date,
    endDate: row.end_date,
  }));

  return {
    regions,
    constituencies,
    hexMap: { layout: rawHexMap.layout, hexes },
    ranges: readJson(path(UK_DATA_FILES.rangeLookup), rangeLookupSchema),
    locations,
  };
}

function northernIrelandOf(regions: readonly Region[]): Region {
  const found = regions.find((region) => region.letterCode === "N" || region.name === "Northern Ireland");
  if (found === undefined) throw new Error(`${UK_DATA_FILES.regions} has no Northern Ireland row`);
  return found;
}

/** The data, indexed for its questions. */
export function ukDataFrom(data: UkDataTables): UkData {
  const { regions, hexMap, locations, ranges: rangeLookup } = data;
  const northernIreland = northernIrelandOf(regions);
  const regionsByCode = new Map(regions.map((region) => [region.code, region]));
  const constituencyByShortCode = new Map(data.constituencies);
  const constituencyList = [...constituencyByShortCode.values()].sort(byOnsCode);
  const constituenciesByCode = new Map(constituencyList.map((item) => [item.onsCode, item]));
  const locationsByCode = new Map(locations.map((location) => [location.code, location]));

  return {
    constituencyForPostcode(postcode) {
      // BFPO and Girobank codes are not places, so a neighbouring range would be a wrong answer.
      const normalised = normalisePostcode(postcode);
      if (normalised === null || !isStandardPostcode(normalised) || isNorthernIreland(normalised))
        return null;
      const shortCode = lookupRange(rangeLookup, postcodeKey(normalised));
      return shortCode === null ? null : (constituencyByShortCode.get(shortCode) ?? null);
    },
    constituencies: () => constituencyList,
    constituencyByCode: (onsCode) => constituenciesByCode.get(onsCode) ?? null,
    regions: () => regions,
    regionByCode: (code) => regionsByCode.get(code) ?? null,
    northernIrelandRegion: () => northernIreland,
    locations(now) {
      const today = londonDate(now);
      return locations.filter(
        (location) =>
          (location.startDate === null || location.startDate <= today) &&
          (location.endDate === null || location.endDate > today),
      );
    },
    locationByCode: (code) => locationsByCode.get(code) ?? null,
    hexMap: () => hexMap,
  };
}

/**
 * Defined (true) by the bundler for deployed functions: their data directory always holds the
 * snapshot, so their bundles carry no reader of the files (csv-parse and the row checks).
 */
declare const PETITIONS_UK_DATA_SNAPSHOT: boolean | undefined;

const loaded = new Map<string, UkData>();

export function loadUkData(dir: string): UkData {
  const key = resolve(dir);
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  // In a bundle, the snapshot written from these files at bundle time; elsewhere, the files.
  const data = ukDataFrom(
    (typeof PETITIONS_UK_DATA_SNAPSHOT !== "undefined" && PETITIONS_UK_DATA_SNAPSHOT) ||
      existsSync(resolve(key, UK_DATA_SNAPSHOT))
      ? readUkDataSnapshot(key)
      : tablesOf(readUkData(key)),
  );
  loaded.set(key, data);
  return data;
}
