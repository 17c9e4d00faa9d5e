/**
 * A petition's address read as petition.parliament.uk reads it: spec/requests/invalid_ids_spec.rb
 * (a non-integer id is 400), disallowed_format_spec.rb (`.xml` is 406) and
 * unknown_format_spec.rb (`.please` redirects without it).
 */
import { describe, expect, it } from "vitest";
import { MalformedRequestError, NotFoundError } from "../../shared/errors.ts";
import { formatAnswer, listFormatAnswer, splitFormat } from "../../shared/petitions/formats.ts";
import { petitionIdOf, petitionIdPathParam } from "../../shared/petitions/petition-id.ts";

describe("a petition id in the path", () => {
  it("is the number when it is an integer a petition can have", () => {
    expect(petitionIdOf("1")).toBe(1);
    expect(petitionIdOf("100001")).toBe(100_001);
    expect(petitionIdPathParam.parse({ id: "42" })).toEqual({ id: 42 });
  });

  it("answers 400 when it is not an integer", () => {
    for (const raw of ["not-a-number", "1.5", "12abc", "", " 1", "１２"]) {
      expect(() => petitionIdOf(raw), raw).toThrow(MalformedRequestError);
    }
    expect(() => petitionIdPathParam.parse({ id: "not-a-number" })).toThrow(MalformedRequestError);
  });

  it("answers 404 for an integer no petition has", () => {
    for (const raw of ["0", "-5", "1000000000", "99999999999999999999"]) {
      expect(() => petitionIdOf(raw), raw).toThrow(NotFoundError);
    }
  });
});

describe("an address's format", () => {
  it("serves what the route serves, the page without an extension", () => {
    expect(formatAnswer(null, ["html", "json"])).toEqual({ kind: "serve", format: "html" });
    expect(formatAnswer("json", ["html", "json"])).toEqual({ kind: "serve", format: "json" });
  });

  it("answers 406 for a format Rails knows and the route does not serve", () => {
    for (const format of ["xml", "csv", "txt", "pdf", "rss"]) {
      expect(formatAnswer(format, ["html", "json"]), format).toEqual({ kind: "not_acceptable" });
    }
  });

  it("sends an unknown format to the address without it", () => {
    expect(formatAnswer("please", ["html", "json"])).toEqual({ kind: "without_format" });
  });

  it("splits a segment at its first dot, lower-casing the format", () => {
    expect(splitFormat("100001.JSON")).toEqual({ name: "100001", format: "json" });
    expect(splitFormat("100001")).toEqual({ name: "100001", format: null });
  });

  it("answers for the list under another extension", () => {
    expect(listFormatAnswer("/petitions.xml")).toEqual({ kind: "not_acceptable" });
    expect(listFormatAnswer("/petitions.please")).toEqual({ kind: "without_format" });
    expect(listFormatAnswer("/petitions.html")).toEqual({ kind: "serve", format: "html" });
    expect(listFormatAnswer("/nowhere.xml")).toBeNull();
    expect(listFormatAnswer("/petitions")).toBeNull();
  });
});
