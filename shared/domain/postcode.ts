/**
 * UK postcode rules (e-petitions §2.2: `PostcodeSanitizer`, `PostcodeValidator`).
 *
 * Provides:
 * - `sanitisePostcode(input)`: upper-case, every non-alphanumeric removed (`"sw1a 1aa"` -> `"SW1A1AA"`).
 * - `normalisePostcode(input)`: the sanitised form of a valid UK postcode, with common
 *   letter/digit slips fixed (`"SW1A OAA"` -> `"SW1A0AA"`), or null when it is not valid.
 * - `isValidUkPostcode(input)`: standard postcodes, BFPO numbers and `GIR 0AA`.
 * - `isStandardPostcode(input)`: valid and neither BFPO nor `GIR 0AA`, so it has a place on the map.
 * - `formatPostcode(input)`: the display form (`"SW1A 1AA"`, `"BFPO 1234"`).
 * - `isNorthernIreland(input)`: a `BT` postcode, which the GB constituency lookup does not cover.
 */
import { fix, isValid } from "postcode";

const MAX_SANITISED_LENGTH = 10;
// e-petitions' STANDARD pattern: the last two letters never use C, I, K, M, O or V.
const STANDARD = /^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2}$/;
// e-petitions writes `BFPO?(C/O)?[0-9]{1,4}`; sanitising removes the slash, so accept `CO` as well.
const BFPO = /^BFPO?(?:C\/?O)?([0-9]{1,4})$/;
const GIROBANK = "GIR0AA";
const NORTHERN_IRELAND = /^BT[0-9]/;

export function sanitisePostcode(input: string): string {
  // Unicode-aware so that en and em dashes, non-breaking spaces and the like all go.
  return input.toUpperCase().replace(/[^A-Z0-9]/gu, "");
}

export function normalisePostcode(input: string): string | null {
  const sanitised = sanitisePostcode(input);
  if (sanitised.length === 0 || sanitised.length > MAX_SANITISED_LENGTH) return null;
  if (sanitised === GIROBANK) return sanitised;
  const bfpo = BFPO.exec(sanitised);
  if (bfpo !== null) return `BFPO${bfpo[1] ?? ""}`;
  // The postcode package repairs O/0 and I/1 slips by position; it needs an unbroken string.
  const fixed = sanitisePostcode(fix(sanitised));
  return isValid(fixed) && STANDARD.test(fixed) ? fixed : null;
}

export function isValidUkPostcode(input: string): boolean {
  return normalisePostcode(input) !== null;
}

export function isStandardPostcode(input: string): boolean {
  const postcode = normalisePostcode(input);
  return postcode !== null && STANDARD.test(postcode);
}

/** Invalid input is returned sanitised, so formatting never loses what the signer typed. */
export function formatPostcode(input: string): string {
  const postcode = normalisePostcode(input);
  if (postcode === null) return sanitisePostcode(input);
  if (postcode.startsWith("BFPO")) return `BFPO ${postcode.slice(4)}`;
  return `${postcode.slice(0, -3)} ${postcode.slice(-3)}`;
}

export function isNorthernIreland(input: string): boolean {
  return NORTHERN_IRELAND.test(sanitisePostcode(input));
}
