/**
 * The pure rules under topics, departments and feedback: how a list reads `topic`, how a
 * petition's departments are shown, that no typed search reaches a topic's term, and the
 * feedback limits e-petitions sets.
 */
import { describe, expect, it } from "vitest";
import { FEEDBACK_RATE, feedbackSchema, MAX_COMMENT } from "../../shared/feedback/feedback.ts";
import { renderMail } from "../../shared/mail/templates.ts";
import { departments, isDepartment, presentDepartments } from "../../shared/petitions/departments.ts";
import { listLinks, listParams, topicParam } from "../../shared/petitions/list-params.ts";
import { newTopicSchema } from "../../shared/petitions/topics.ts";
import { queryWords, topicTerm } from "../../shared/search/text.ts";

describe("the topic parameter", () => {
  it("reads a code trimmed and in lower case, and ignores what is not a code", () => {
    expect(topicParam(" Economy ")).toBe("economy");
    expect(topicParam("health-and-care")).toBe("health-and-care");
    for (const junk of [undefined, "", "1abc", "a b", "!!", "x".repeat(101)])
      expect(topicParam(junk)).toBeUndefined();
  });

  it("is carried by the paging links", () => {
    const params = listParams({ topic: "economy", page: "2" });
    const links = listLinks(
      "http://x/petitions.json?page=2&topic=economy",
      "http://x/petitions.json",
      params,
      3,
    );
    expect(links.next).toBe("http://x/petitions.json?page=3&topic=economy");
    expect(links.first).toBe("http://x/petitions.json?topic=economy");
  });

  it("is a search term no typed search can produce", () => {
    expect(queryWords(`${topicTerm("economy")} topic:economy`)).not.toContain(topicTerm("economy"));
  });
});

describe("departments", () => {
  it("are shown known ones only, sorted by name, as {acronym, name, url}", () => {
    expect(presentDepartments(["hm-treasury", "ministry-of-magic", "cabinet-office"])).toEqual([
      {
        acronym: "CO",
        name: "Cabinet Office",
        url: "https://www.gov.uk/government/organisations/cabinet-office",
      },
      { acronym: "HMT", name: "HM Treasury", url: "https://www.gov.uk/government/organisations/hm-treasury" },
    ]);
    expect(presentDepartments(undefined)).toEqual([]);
  });

  it("each have a unique key, an acronym, a name and a gov.uk address within e-petitions' lengths", () => {
    expect(new Set(departments.map((d) => d.key)).size).toBe(departments.length);
    for (const d of departments) {
      expect(isDepartment(d.key)).toBe(true);
      expect(d.acronym.length).toBeLessThanOrEqual(10);
      expect(d.name.length).toBeLessThanOrEqual(100);
      expect(d.url).toMatch(/^https:\/\/www\.gov\.uk\/government\/organisations\/[a-z-]+$/);
      expect(d.url.length).toBeLessThanOrEqual(100);
    }
  });
});

describe("a topic", () => {
  it("has a code as e-petitions' Topics::CODE_PATTERN and a name, each at most 100 characters", () => {
    expect(newTopicSchema.parse({ code: " Economy ", name: "Economy" })).toEqual({
      code: "economy",
      name: "Economy",
    });
    for (const code of ["", "1st", "a_b", "a b", "x".repeat(101)]) {
      expect(newTopicSchema.safeParse({ code, name: "n" }).success, code).toBe(false);
    }
    expect(newTopicSchema.safeParse({ code: "a", name: "n".repeat(101) }).success).toBe(false);
  });
});

describe("feedback", () => {
  it("takes a comment of at most 32,768 characters, a title or link and an email of at most 255", () => {
    expect(MAX_COMMENT).toBe(32_768);
    expect(FEEDBACK_RATE).toBe(2);
    expect(feedbackSchema.parse({ comment: "x".repeat(32_768) }).email).toBeNull();
    expect(feedbackSchema.safeParse({ comment: "x".repeat(32_769) }).success).toBe(false);
    expect(feedbackSchema.safeParse({ comment: "  " }).success).toBe(false);
    expect(feedbackSchema.safeParse({ comment: "ok", petition_link_or_title: "t".repeat(256) }).success).toBe(
      false,
    );
    expect(feedbackSchema.safeParse({ comment: "ok", email: "nope" }).success).toBe(false);
    expect(feedbackSchema.safeParse({ comment: "ok", email: `${"a".repeat(250)}@example.com` }).success).toBe(
      false,
    );
    expect(feedbackSchema.parse({ comment: "ok", email: "", petition_link_or_title: "" })).toEqual({
      comment: "ok",
      email: null,
      petition_link_or_title: null,
    });
  });

  it("is emailed with replies going to the person who wrote, when they gave an address", () => {
    const ctx = { publicUrl: "https://petitions.example.org", serviceName: "Petitions" };
    const piece = {
      comment: "Hello",
      petition_link_or_title: null,
      user_agent: null,
      ip_address: "192.0.2.1",
    };
    expect(renderMail("feedback", { ...piece, email: "me@example.com" }, ctx).replyTo).toBe("me@example.com");
    expect(renderMail("feedback", { ...piece, email: null }, ctx).replyTo).toBeUndefined();
    expect(renderMail("feedback", { ...piece, email: null }, ctx).subject).toBe(
      "Feedback from the Petitions service",
    );
  });
});
