/**
 * The postcode lookup's range table: sorted start keys (postcodes read as base-36 integers),
 * each naming the short code of the area it starts, decoded from the file's delta encoding or
 * read from the bytes a bundle carries, and the bisection that finds a postcode's range.
 */
import { endianness } from "node:os";
import * as z from "../zod.ts";

/**
 * The file's two long arrays (about 54,000 numbers each) are checked in one pass each: a schema per
 * element costs a signing function about 25 ms of its cold start, for the same answer.
 */
const naturals = z.custom<number[]>(
  (value) => Array.isArray(value) && value.every((n) => Number.isSafeInteger(n) && n >= 0),
  "must be an array of non-negative integers",
);

export const rangeLookupSchema = z
  .object({
    postcode_keys: naturals,
    value_key: naturals,
    value_values: z.array(z.nullable(z.string())),
  })
  .check(z.refine((raw) => raw.postcode_keys.length === raw.value_key.length, "one value per key"));
export type RawRangeLookup = z.infer<typeof rangeLookupSchema>;

/** The lookup's key for a postcode: upper-cased, no spaces, read as a base-36 integer. */
export function postcodeKey(sanitisedPostcode: string): number {
  return Number.parseInt(sanitisedPostcode, 36);
}

export interface RangeLookup {
  /** Ascending start keys; Float64Array because keys pass 2^32 but stay below 2^53. */
  keys: Float64Array;
  /** Index into `values` per range, -1 for none. */
  valueIndexes: Int32Array;
  values: readonly (string | null)[];
}

export function decodeRangeLookup(raw: RawRangeLookup): RangeLookup {
  const count = raw.postcode_keys.length;
  const keys = new Float64Array(count);
  const valueIndexes = new Int32Array(count);
  let key = 0;
  for (let i = 0; i < count; i++) {
    key += raw.postcode_keys[i] ?? 0;
    keys[i] = key;
    // The file stores deltas, and 0 for "same value as two ranges back" (alternating neighbours).
    const stored = raw.value_key[i] ?? 0;
    valueIndexes[i] = i >= 2 && stored === 0 ? (valueIndexes[i - 2] ?? 0) : stored;
  }
  for (let i = 0; i < count; i++) valueIndexes[i] = (valueIndexes[i] ?? 0) - 1;
  return { keys, valueIndexes, values: raw.value_values };
}

const KEY_BYTES = 8;
const INDEX_BYTES = 4;
const ROW_BYTES = KEY_BYTES + INDEX_BYTES;
const littleEndianHost = endianness() === "LE";

/**
 * The decoded table as a bundle carries it (shared/geo/uk-data.ts `UK_RANGES_SNAPSHOT`): every
 * key as a little-endian float64, then every value index as a little-endian int32. Reading it is
 * a view of the file's bytes, where the JSON form costs a cold start about 9 ms of parsing and
 * summing its ~108,000 numbers. The values (a few hundred short codes) stay in the JSON snapshot.
 */
export function encodeRangeTable({ keys, valueIndexes }: RangeLookup): Uint8Array {
  const count = keys.length;
  if (valueIndexes.length !== count) throw new RangeError("one value index per key");
  const bytes = new Uint8Array(count * ROW_BYTES);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) {
    view.setFloat64(i * KEY_BYTES, keys[i] ?? 0, true);
    view.setInt32(count * KEY_BYTES + i * INDEX_BYTES, valueIndexes[i] ?? -1, true);
  }
  return bytes;
}

/**
 * The table `encodeRangeTable` wrote, holding `count` ranges, with the values it indexes: views
 * of `bytes` on a little-endian host (Lambda's x86_64 and arm64 both are), copies elsewhere.
 */
export function decodeRangeTable(
  bytes: Uint8Array,
  count: number,
  values: readonly (string | null)[],
  viewInPlace = littleEndianHost,
): RangeLookup {
  if (bytes.byteLength !== count * ROW_BYTES)
    throw new RangeError(`a table of ${count} ranges is ${count * ROW_BYTES} bytes, not ${bytes.byteLength}`);
  if (viewInPlace) {
    // A float64 view must start on a multiple of 8; a file read on its own almost always does.
    // Otherwise a copy (`new Uint8Array` copies; a Buffer's `slice` would not).
    const aligned = bytes.byteOffset % KEY_BYTES === 0 ? bytes : new Uint8Array(bytes);
    return {
      keys: new Float64Array(aligned.buffer, aligned.byteOffset, count),
      valueIndexes: new Int32Array(aligned.buffer, aligned.byteOffset + count * KEY_BYTES, count),
      values,
    };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const keys = new Float64Array(count);
  const valueIndexes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    keys[i] = view.getFloat64(i * KEY_BYTES, true);
    valueIndexes[i] = view.getInt32(count * KEY_BYTES + i * INDEX_BYTES, true);
  }
  return { keys, valueIndexes, values };
}

/** The short code whose range holds `key`, or null. Bisect-left, then step back unless exact. */
export function lookupRange(lookup: RangeLookup, key: number): string | null {
  const { keys, valueIndexes, values } = lookup;
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] ?? 0) < key) low = middle + 1;
    else high = middle;
  }
  const position = low < keys.length && keys[low] === key ? low : low - 1;
  if (position < 0) return null;
  const valueIndex = valueIndexes[position] ?? -1;
  if (valueIndex < 0 || valueIndex >= values.length) return null;
  return values[valueIndex] ?? null;
}
