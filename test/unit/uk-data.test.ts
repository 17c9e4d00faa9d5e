import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitisePostcode } from "../../shared/domain/postcode.ts";
import {
  decodeRangeLookup,
  decodeRangeTable,
  encodeRangeTable,
  lookupRange,
  postcodeKey,
  type RangeLookup,
  rangeLookupSchema,
} from "../../shared/geo/postcode-ranges.ts";
import {
  loadUkData,
  parseCsv,
  readUkData,
  readUkDataSnapshot,
  tablesOf,
  UK_DATA_SNAPSHOT,
  UK_RANGES_SNAPSHOT,
  writeUkDataSnapshot,
} from "../../shared/geo/uk-data.ts";
import * as z from "../../shared/zod.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DATA_DIR = process.env.DATA_DIR ?? path.resolve(projectRoot, "../shared/data/uk");
const data = loadUkData(DATA_DIR);

/** A deliberately naive decoder: linear scan for the last range starting at or before the key. */
function linearReference(): (postcode: string) => string | null {
  const raw = z
    .object({
      postcode_keys: z.array(z.number()),
      value_key: z.array(z.number()),
      value_values: z.array(z.nullable(z.string())),
    })
    .parse(JSON.parse(readFileSync(path.join(DATA_DIR, "mysociety_pcon_2024_range_lookup.json"), "utf8")));
  const shortCodes = z
    .record(z.string(), z.object({ parlcon_2024_gss_code: z.string() }))
    .parse(JSON.parse(readFileSync(path.join(DATA_DIR, "mysociety_pcon_2024_lookup.json"), "utf8")));
  const starts: number[] = [];
  const indexes: number[] = [];
  raw.postcode_keys.forEach((delta, i) => {
    starts.push((starts[i - 1] ?? 0) + delta);
    const stored = raw.value_key[i] ?? 0;
    indexes.push(i >= 2 && stored === 0 ? (indexes[i - 2] ?? 0) : stored);
  });
  return (postcode) => {
    const key = Number.parseInt(sanitisePostcode(postcode), 36);
    let found = -1;
    for (let i = 0; i < starts.length && (starts[i] ?? Number.POSITIVE_INFINITY) <= key; i++) found = i;
    if (found < 0) return null;
    const shortCode = raw.value_values[(indexes[found] ?? 0) - 1];
    return shortCode === undefined || shortCode === null
      ? null
      : (shortCodes[shortCode]?.parlcon_2024_gss_code ?? null);
  };
}

const letter = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");
const digit = fc.constantFrom(..."0123456789");
const unitLetter = fc.constantFrom(..."ABDEFGHJLNPQRSTUWXYZ");
const gbArea = fc.constantFrom(
  "AB",
  "B",
  "BS",
  "CF",
  "E",
  "EH",
  "G",
  "KW",
  "L",
  "M",
  "N",
  "SW",
  "TR",
  "YO",
  "ZE",
);
const randomPostcode = fc
  .tuple(
    fc.oneof(
      gbArea,
      fc.array(letter, { minLength: 1, maxLength: 2 }).map((area) => area.join("")),
    ),
    digit,
    fc.option(digit, { nil: "" }),
    digit,
    unitLetter,
    unitLetter,
  )
  .map((parts) => parts.join(""))
  .filter((postcode) => !postcode.startsWith("BT"));

describe("a GB postcode", () => {
  it.each([
    ["SW1A 1AA", "Cities of London and Westminster"],
    ["sw1a1aa", "Cities of London and Westminster"],
    ["SW1A 0AA", "Cities of London and Westminster"],
    ["M1 1AE", "Manchester Central"],
    ["CF10 1EP", "Cardiff South and Penarth"],
    ["EH99 1SP", "Edinburgh East and Musselburgh"],
  ])("%s is in %s", (postcode, name) => {
    expect(data.constituencyForPostcode(postcode)?.name).toBe(name);
  });

  it("carries its constituency's region", () => {
    expect(data.constituencyForPostcode("SW1A 1AA")).toMatchObject({
      onsCode: "E14001172",
      regionName: "London",
    });
  });

  it("resolves to the listed constituency for most of e-petitions' July 2024 examples", () => {
    const examples = readFileSync(path.join(DATA_DIR, "epetitions_example_postcodes.yml"), "utf8")
      .split("\n")
      .map((line) => /^([A-Z][0-9]{8}):\s*(\S+)\s*$/.exec(line))
      .filter((match) => match !== null)
      .map(([, code = "", postcode = ""]) => ({ code, postcode }))
      // The file holds the 2010 and the July 2024 code sets; the 2024 ones are today's constituencies.
      // Northern Ireland is outside the GB lookup by design.
      .filter(({ code, postcode }) => data.constituencyByCode(code) !== null && !postcode.startsWith("BT"));
    const resolved = examples.filter(
      ({ code, postcode }) => data.constituencyForPostcode(postcode)?.onsCode === code,
    );
    expect(examples.length).toBeGreaterThan(600);
    // Measured 586 of 632 (92.7%): the misses are retired districts (SO3, CF1, WD1...) that fall
    // to a numeric neighbour, and postcodes on a boundary. The README warns about both.
    expect(resolved.length / examples.length).toBeGreaterThanOrEqual(0.9);
  });

  it("decodes the same as a linear scan of the ranges", () => {
    const reference = linearReference();
    fc.assert(
      fc.property(randomPostcode, (postcode) => {
        expect(data.constituencyForPostcode(postcode)?.onsCode ?? null).toBe(reference(postcode));
      }),
      { numRuns: 300 },
    );
  });

  it("is keyed as a base-36 number", () => {
    expect(postcodeKey("A")).toBe(10);
    expect(postcodeKey("SW1A1AA")).toBe(Number.parseInt("SW1A1AA", 36));
  });
});

describe("a postcode with no constituency", () => {
  it.each(["BT1 1AA", "bt48 7nn"])("is null in Northern Ireland (%s)", (postcode) => {
    expect(data.constituencyForPostcode(postcode)).toBeNull();
  });

  it.each(["", "not a postcode", "BFPO 1234", "A0 0AA"])("is null for %j", (postcode) => {
    expect(data.constituencyForPostcode(postcode)).toBeNull();
  });
});

describe("the constituencies", () => {
  it("are all 650, sorted by ONS code, each with a region", () => {
    const list = data.constituencies();
    expect(list).toHaveLength(650);
    expect(list.map((c) => c.onsCode)).toEqual(list.map((c) => c.onsCode).sort());
    for (const constituency of list) {
      expect(data.regionByCode(constituency.regionCode)?.name).toBe(constituency.regionName);
    }
  });

  it("match each region's published count", () => {
    for (const region of data.regions()) {
      const inRegion = data.constituencies().filter((c) => c.regionCode === region.code);
      expect(inRegion).toHaveLength(region.constituencyCount);
    }
  });

  it("use the final July 2024 Scottish codes", () => {
    expect(data.constituencyByCode("S14000107")?.name).toBe("Ayr, Carrick and Cumnock");
    expect(data.constituencyByCode("S14000006")).toBeNull();
  });

  it("are found by code", () => {
    expect(data.constituencyByCode("E14001172")?.name).toBe("Cities of London and Westminster");
    expect(data.constituencyByCode("nope")).toBeNull();
  });
});

describe("the regions", () => {
  it("are the 12 regions and nations", () => {
    expect(data.regions()).toHaveLength(12);
    expect(data.regionByCode("E12000007")?.name).toBe("London");
    expect(data.regionByCode("nope")).toBeNull();
  });

  it("include Northern Ireland, with its 18 constituencies", () => {
    const northernIreland = data.northernIrelandRegion();
    expect(northernIreland.name).toBe("Northern Ireland");
    expect(data.constituencies().filter((c) => c.regionCode === northernIreland.code)).toHaveLength(18);
  });
});

describe("the locations", () => {
  const now = new Date("2025-06-01T12:00:00Z");

  it("include the United Kingdom", () => {
    expect(data.locations(now).map((location) => location.code)).toContain("GB");
    expect(data.locationByCode("GB")?.name).toBe("United Kingdom");
  });

  it("leave out places that no longer exist", () => {
    const codes = data.locations(now).map((location) => location.code);
    expect(codes).not.toContain("SU");
    expect(data.locationByCode("SU")?.endDate).toBe("1991-12-25");
  });

  it("keep a place until its end date", () => {
    expect(data.locations(new Date("1991-12-24T12:00:00Z")).map((l) => l.code)).toContain("SU");
  });

  it("keep names that contain commas", () => {
    expect(data.locationByCode("SH")?.name).toBe("St Helena, Ascension and Tristan da Cunha");
  });
});

describe("the hex map", () => {
  it("places all 650 constituencies with current codes", () => {
    const { layout, hexes } = data.hexMap();
    expect(layout).toBe("odd-r");
    expect(hexes).toHaveLength(650);
    expect(new Set(hexes.map((hex) => hex.onsCode))).toEqual(
      new Set(data.constituencies().map((c) => c.onsCode)),
    );
    expect(new Set(hexes.map((hex) => `${hex.q},${hex.r}`)).size).toBe(650);
  });
});

describe("loading twice", () => {
  it("reuses the data already read", () => {
    expect(loadUkData(`${DATA_DIR}/`)).toBe(data);
  });
});

describe("the CSV parser", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["two\nlines", ""],
    ]);
  });
});

describe("a postcode range file that is not what it should be", () => {
  const good = { postcode_keys: [0, 5, 7], value_key: [1, 2, 0], value_values: ["A", "B"] };
  const problem = (raw: unknown) => {
    const parsed = rangeLookupSchema.safeParse(raw);
    return parsed.success ? null : z.prettifyError(parsed.error);
  };

  it("is read when every key is a non-negative integer", () => {
    expect(problem(good)).toBeNull();
  });

  it.each([
    ["postcode_keys", { ...good, postcode_keys: [0, -5, 7] }],
    ["postcode_keys", { ...good, postcode_keys: [0, 5.5, 7] }],
    ["value_key", { ...good, value_key: [1, "2", 0] }],
    ["value_key", { ...good, value_key: null }],
  ])("is refused, naming %s", (field, raw) => {
    expect(problem(raw)).toMatch(new RegExp(`non-negative integers\\s*→ at ${field}`));
  });

  it("is refused when keys and values differ in number", () => {
    expect(problem({ ...good, value_key: [1, 2] })).toMatch(/one value per key/);
  });
});

describe("the range table as bytes", () => {
  const fromFiles = decodeRangeLookup(
    JSON.parse(readFileSync(path.join(DATA_DIR, "mysociety_pcon_2024_range_lookup.json"), "utf8")),
  );
  const plain = (table: RangeLookup) => ({
    keys: [...table.keys],
    valueIndexes: [...table.valueIndexes],
    values: [...table.values],
  });
  const roundTrip = (table: RangeLookup, bytes: Uint8Array, viewInPlace?: boolean) =>
    plain(decodeRangeTable(bytes, table.keys.length, table.values, viewInPlace));

  it("reads back the data's own table, viewed in place or copied", () => {
    const bytes = encodeRangeTable(fromFiles);
    expect(bytes.byteLength).toBe(fromFiles.keys.length * 12);
    expect(roundTrip(fromFiles, bytes, true)).toEqual(plain(fromFiles));
    expect(roundTrip(fromFiles, bytes, false)).toEqual(plain(fromFiles));
  });

  it("reads back any table, from any byte offset, as little-endian whatever the host", () => {
    const table = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 36 ** 7 }), fc.integer({ min: -1, max: 700 })), {
        maxLength: 64,
      })
      .map((rows): RangeLookup => {
        const keys = rows.map(([key]) => key).sort((a, b) => a - b);
        return {
          keys: Float64Array.from(keys),
          valueIndexes: Int32Array.from(rows.map(([, index]) => index)),
          values: ["A", null, "C"],
        };
      });
    fc.assert(
      fc.property(table, fc.integer({ min: 0, max: 7 }), fc.boolean(), (lookup, offset, inPlace) => {
        const encoded = encodeRangeTable(lookup);
        // The same bytes at an offset that no float64 view may start on.
        const shifted = new Uint8Array(encoded.byteLength + offset);
        shifted.set(encoded, offset);
        const bytes = shifted.subarray(offset);
        expect(roundTrip(lookup, bytes, inPlace)).toEqual(plain(lookup));
        // As `readFileSync` gives them: a Buffer, whose `slice` is a view, not a copy.
        const buffer = Buffer.from(shifted.buffer, offset, encoded.byteLength);
        expect(roundTrip(lookup, buffer, inPlace)).toEqual(plain(lookup));
        if (lookup.keys.length > 0) {
          const first = new DataView(bytes.buffer, bytes.byteOffset).getFloat64(0, true);
          expect(first).toBe(lookup.keys[0]);
        }
        for (const key of lookup.keys)
          expect(lookupRange(decodeRangeTable(bytes, lookup.keys.length, lookup.values, inPlace), key)).toBe(
            lookupRange(lookup, key),
          );
      }),
      { numRuns: 200 },
    );
  });

  it("is refused when its length is not the named number of ranges", () => {
    const bytes = encodeRangeTable(fromFiles);
    const count = fromFiles.keys.length;
    expect(() => decodeRangeTable(bytes, count + 1, fromFiles.values)).toThrow(
      `a table of ${count + 1} ranges is ${(count + 1) * 12} bytes, not ${count * 12}`,
    );
    expect(() => decodeRangeTable(bytes.subarray(4), count, fromFiles.values)).toThrow(RangeError);
  });
});

describe("the snapshot a bundle carries", () => {
  // What a bundle's data directory holds beside the files: the data as read and checked then.
  const dir = mkdtempSync(path.join(tmpdir(), "uk-data-snapshot-"));
  writeUkDataSnapshot(dir, readUkData(DATA_DIR));
  const files = readdirSync(dir).sort();
  const tables = readUkDataSnapshot(dir);
  const bundled = loadUkData(dir);
  const rangesBytes = statSync(path.join(dir, UK_RANGES_SNAPSHOT)).size;
  rmSync(dir, { recursive: true, force: true });

  it("is two files, read instead of the files, and is not the same object", () => {
    expect(files).toEqual([UK_DATA_SNAPSHOT, UK_RANGES_SNAPSHOT].sort());
    expect(bundled).not.toBe(data);
  });

  it("holds the data as the files give it, its range table decoded", () => {
    expect(rangesBytes).toBe(tables.ranges.keys.length * 12);
    expect(tables).toEqual(tablesOf(readUkData(DATA_DIR)));
  });

  it("holds the same constituencies, regions, hex map and locations", () => {
    expect(bundled.constituencies()).toEqual(data.constituencies());
    expect(bundled.regions()).toEqual(data.regions());
    expect(bundled.northernIrelandRegion()).toEqual(data.northernIrelandRegion());
    expect(bundled.hexMap()).toEqual(data.hexMap());
    for (const day of ["2019-12-31T12:00:00Z", "2026-12-07T12:00:00Z"])
      expect(bundled.locations(new Date(day))).toEqual(data.locations(new Date(day)));
    for (const { code } of data.locations(new Date()))
      expect(bundled.locationByCode(code)).toEqual(data.locationByCode(code));
  });

  it("finds every postcode's constituency as the files do", () => {
    fc.assert(
      fc.property(
        fc.oneof(randomPostcode, fc.constantFrom("SW1A 1AA", "BT1 1AA", "BFPO 1", "")),
        (postcode) => {
          expect(bundled.constituencyForPostcode(postcode)).toEqual(data.constituencyForPostcode(postcode));
        },
      ),
      { numRuns: 500 },
    );
  });
});
