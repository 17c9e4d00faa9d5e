/**
 * A list's parameters and links, with the cases of e-petitions' spec/requests/petitions_list_spec.rb
 * ("links") and spec/models/concerns/browseable_spec.rb (#current_page, #page_size, *_params).
 */
import { describe, expect, it } from "vitest";
import {
  type ListParams,
  listLinks,
  listParams,
  unknownStateRedirect,
  withQuery,
} from "../../shared/petitions/list-params.ts";

const LIST = "https://petition.parliament.uk/petitions.json";

/** The links for a request to `/petitions.json?<query>` over `total` petitions. */
function linksFor(query: string, total: number) {
  const raw = Object.fromEntries(new URLSearchParams(query));
  const params = listParams(raw);
  const last = Math.max(1, Math.ceil(total / params.count));
  return listLinks(query ? `${LIST}?${query}` : LIST, LIST, params, last);
}

describe("the list's links, as petitions_list_spec.rb expects them (three open petitions)", () => {
  it("returns a link to itself", () => {
    expect(linksFor("", 3).self).toBe("https://petition.parliament.uk/petitions.json");
  });

  it("returns a link to the first page of results", () => {
    expect(linksFor("count=2", 3).first).toBe("https://petition.parliament.uk/petitions.json?count=2");
  });

  it("returns a link to the last page of results", () => {
    expect(linksFor("count=2", 3).last).toBe("https://petition.parliament.uk/petitions.json?count=2&page=2");
  });

  it("returns a link to the next page of results if there is one", () => {
    expect(linksFor("count=2", 3).next).toBe("https://petition.parliament.uk/petitions.json?count=2&page=2");
  });

  it("returns a link to the previous page of results if there is one", () => {
    expect(linksFor("count=2&page=2", 3).prev).toBe("https://petition.parliament.uk/petitions.json?count=2");
  });

  it("returns no link to the previous page of results when on the first page of results", () => {
    expect(linksFor("count=22", 3).prev).toBeNull();
  });

  it("returns no link to the next page of results when on the last page of results", () => {
    expect(linksFor("count=2&page=2", 3).next).toBeNull();
  });

  it("returns the last link == first link for empty results", () => {
    const links = linksFor("count=2&page=2&state=rejected", 0);
    expect(links.last).toBe("https://petition.parliament.uk/petitions.json?count=2&state=rejected");
    expect(links.last).toBe(links.first);
  });

  it("returns previous page link == last link when paging off the end of the results", () => {
    expect(linksFor("count=2&page=3&state=rejected", 0).prev).toBe(
      "https://petition.parliament.uk/petitions.json?count=2&state=rejected",
    );
  });

  it("keeps self exactly as requested, parameter order and all", () => {
    expect(linksFor("state=open&count=2&page=1", 3).self).toBe(`${LIST}?state=open&count=2&page=1`);
  });
});

describe("the links' parameters, as browseable_spec.rb's *_params", () => {
  const params = (over: Partial<ListParams>): ListParams => ({
    state: "all",
    q: "search",
    page: 3,
    count: 50,
    countGiven: false,
    ...over,
  });

  it("first: q only, with state unless all", () => {
    expect(listLinks("x", LIST, params({}), 10).first).toBe(`${LIST}?q=search`);
    expect(listLinks("x", LIST, params({ state: "open" }), 10).first).toBe(`${LIST}?q=search&state=open`);
  });

  it("last, prev and next: with page", () => {
    const links = listLinks("x", LIST, params({ state: "open" }), 10);
    expect(links.last).toBe(`${LIST}?page=10&q=search&state=open`);
    expect(links.prev).toBe(`${LIST}?page=2&q=search&state=open`);
    expect(links.next).toBe(`${LIST}?page=4&q=search&state=open`);
  });

  it("carries count only when the request named it, as its sanitised value", () => {
    const links = listLinks("x", LIST, listParams({ count: "500", page: "2" }), 3);
    expect(links.first).toBe(`${LIST}?count=25`);
    expect(links.next).toBe(`${LIST}?count=25&page=3`);
  });

  it("encodes as Rails' to_query: spaces as +, reserved characters escaped", () => {
    expect(withQuery(LIST, { q: "what is clocks", state: "all" })).toBe(`${LIST}?q=what+is+clocks&state=all`);
    expect(withQuery(LIST, { q: "a&b=c/d*e~f" })).toBe(`${LIST}?q=a%26b%3Dc%2Fd%2Ae~f`);
    expect(withQuery(LIST, { q: "   " })).toBe(LIST);
  });
});

describe("reading the parameters: never an error", () => {
  it("page: 1 to 99999 in digits, anything else page 1", () => {
    for (const [page, expected] of [
      ["3", 3],
      ["99999", 99_999],
      ["100000", 1],
      ["0", 1],
      ["-2", 1],
      ["invalid", 1],
      ["02", 1],
      ["1.5", 1],
      ["", 1],
      [undefined, 1],
    ] as const) {
      expect(listParams({ page }).page, String(page)).toBe(expected);
    }
  });

  it("count: 1 to 50 as given, 51 to 59 as 50, anything else the default 25", () => {
    for (const [count, expected] of [
      ["3", 3],
      ["50", 50],
      ["51", 50],
      ["59", 50],
      ["60", 25],
      ["500", 25],
      ["0", 25],
      ["-10", 25],
      ["x", 25],
      [undefined, 25],
    ] as const) {
      expect(listParams({ count }).count, String(count)).toBe(expected);
    }
    expect(listParams({}).countGiven).toBe(false);
    expect(listParams({ count: "" }).countGiven).toBe(true);
  });

  it("state: a facet, else all; q: absent when blank", () => {
    expect(listParams({ state: "with_response" }).state).toBe("with_response");
    expect(listParams({ state: "awaiting_monkey" }).state).toBe("all");
    expect(listParams({ q: "  " }).q).toBeUndefined();
    expect(listParams({ q: " clocks " }).q).toBe(" clocks ");
  });

  it("an unknown state sends the reader to state=all, keeping q and page (petitions_controller_spec.rb)", () => {
    expect(unknownStateRedirect(LIST, { state: "awaiting_monkey" })).toBe(`${LIST}?state=all`);
    expect(unknownStateRedirect(LIST, { q: "what is clocks", state: "awaiting_monkey", count: "5" })).toBe(
      `${LIST}?q=what+is+clocks&state=all`,
    );
    expect(unknownStateRedirect(LIST, { page: "2", state: "l337haxxor" })).toBe(`${LIST}?page=2&state=all`);
    expect(unknownStateRedirect(LIST, { state: "open" })).toBeNull();
    expect(unknownStateRedirect(LIST, { state: "" })).toBeNull();
    expect(unknownStateRedirect(LIST, {})).toBeNull();
  });
});
