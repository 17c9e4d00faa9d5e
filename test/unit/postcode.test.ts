import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatPostcode,
  isNorthernIreland,
  isStandardPostcode,
  isValidUkPostcode,
  normalisePostcode,
  sanitisePostcode,
} from "../../shared/domain/postcode.ts";

const letter = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");
const digit = fc.constantFrom(..."0123456789");
const unitLetter = fc.constantFrom(..."ABDEFGHJLNPQRSTUWXYZ");
/** A well-formed postcode without spaces, e.g. "SW1A1AA". */
const validPostcode = fc
  .tuple(
    fc.array(letter, { minLength: 1, maxLength: 2 }),
    digit,
    fc.option(fc.oneof(letter, digit), { nil: undefined }),
    digit,
    unitLetter,
    unitLetter,
  )
  .map(([area, district, subDistrict, sector, unit1, unit2]) =>
    [...area, district, subDistrict ?? "", sector, unit1, unit2].join(""),
  );
const separator = fc.constantFrom("", " ", "  ", "-", "\u2013", "\u2014", "\t", "\u00a0", ".");

/** Scatters separators through a postcode and changes the case of its letters at random. */
const messedUp = (postcode: string, separators: string[], upper: boolean[]): string =>
  [...postcode]
    .map((char, i) => {
      const cased = upper[i % upper.length] ? char.toUpperCase() : char.toLowerCase();
      return `${separators[i % separators.length] ?? ""}${cased}`;
    })
    .join("");

describe("a typed postcode", () => {
  it("loses spaces, dashes and punctuation, and is upper-cased", () => {
    expect(sanitisePostcode(" sw1a\u20131aa ")).toBe("SW1A1AA");
    expect(sanitisePostcode("SW1A\u20141AA")).toBe("SW1A1AA");
    expect(sanitisePostcode("sw1a-1aa.")).toBe("SW1A1AA");
    expect(sanitisePostcode("SW1A\u00a01AA")).toBe("SW1A1AA");
  });

  it("is displayed with a space before the inward code", () => {
    expect(formatPostcode("sw1a1aa")).toBe("SW1A 1AA");
    expect(formatPostcode("M11AE")).toBe("M1 1AE");
    expect(formatPostcode("EC1A-1BB")).toBe("EC1A 1BB");
  });

  it("has a mistyped O or I fixed by position", () => {
    expect(normalisePostcode("SWIA OAA")).toBe("SW1A0AA");
    expect(formatPostcode("sw1a oaa")).toBe("SW1A 0AA");
  });

  it("is shown sanitised when it is not a postcode", () => {
    expect(formatPostcode("not a postcode")).toBe("NOTAPOSTCODE");
  });
});

describe("a valid UK postcode", () => {
  it.each([
    "SW1A 1AA",
    "sw1a1aa",
    "M1 1AE",
    "B33 8TH",
    "CR2 6XH",
    "DN55 1PT",
    "W1A 0AX",
    "EC1A 1BB",
    "BT1 1AA",
    "GIR 0AA",
  ])("accepts %s", (postcode) => {
    expect(isValidUkPostcode(postcode)).toBe(true);
  });

  it.each(["", "SW1A", "SW1A 1CA", "SW1A 1AI", "12345", "SW1A 1AAA", "ZZZZ 1AA", "BFPO 12345"])(
    "rejects %j",
    (postcode) => {
      expect(isValidUkPostcode(postcode)).toBe(false);
    },
  );

  it("rejects anything over ten characters once sanitised", () => {
    expect(isValidUkPostcode("BFPOCO12345")).toBe(false);
  });

  it("accepts the same postcode however it is spaced, cased or dashed", () => {
    fc.assert(
      fc.property(
        validPostcode,
        fc.array(separator, { minLength: 1 }),
        fc.array(fc.boolean(), { minLength: 1 }),
        (postcode, separators, upper) => {
          const typed = messedUp(postcode, separators, upper);
          expect(normalisePostcode(typed)).toBe(postcode);
          expect(formatPostcode(typed)).toBe(`${postcode.slice(0, -3)} ${postcode.slice(-3)}`);
        },
      ),
    );
  });
});

describe("a BFPO number", () => {
  it.each(["BFPO 1234", "bfpo1", "BFP 12", "BFPO C/O 123", "BFPO-1234"])("is valid as %s", (postcode) => {
    expect(isValidUkPostcode(postcode)).toBe(true);
  });

  it("is displayed as BFPO and the number", () => {
    expect(formatPostcode("bfpo1234")).toBe("BFPO 1234");
    expect(formatPostcode("BFP 12")).toBe("BFPO 12");
  });
});

describe("the Girobank postcode", () => {
  it("is displayed as GIR 0AA", () => {
    expect(formatPostcode("gir0aa")).toBe("GIR 0AA");
  });
});

describe("formatting", () => {
  it("is unchanged by sanitising and formatting again", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), validPostcode), (input) => {
        const formatted = formatPostcode(input);
        expect(formatPostcode(sanitisePostcode(formatted))).toBe(formatted);
        expect(formatPostcode(formatted)).toBe(formatted);
      }),
    );
  });

  it("sanitises idempotently", () => {
    fc.assert(
      fc.property(
        fc.string(),
        (input) => sanitisePostcode(sanitisePostcode(input)) === sanitisePostcode(input),
      ),
    );
  });
});

describe("a Northern Ireland postcode", () => {
  it("starts with BT and a digit", () => {
    expect(isNorthernIreland("bt1 1aa")).toBe(true);
    expect(isNorthernIreland("BT48 7NN")).toBe(true);
    expect(isNorthernIreland("SW1A 1AA")).toBe(false);
    expect(isNorthernIreland("BTX")).toBe(false);
  });
});

describe("a standard postcode", () => {
  it("is a valid one that is neither BFPO nor Girobank", () => {
    expect(isStandardPostcode("sw1a 1aa")).toBe(true);
    expect(isStandardPostcode("BFPO 1234")).toBe(false);
    expect(isStandardPostcode("GIR 0AA")).toBe(false);
    expect(isStandardPostcode("nonsense")).toBe(false);
  });
});
