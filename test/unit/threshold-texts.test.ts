/** Emails and pages name the thresholds from the settings, never a literal 5, 10,000 or 100,000. */
import { describe, expect, it } from "vitest";
import { renderMail, type TemplateName } from "../../shared/mail/templates.ts";
import {
  DEFAULT_THRESHOLDS,
  supporters,
  thresholdNumbers,
} from "../../shared/petitions/threshold-numbers.ts";
import { renderPage } from "../../shared/web/render.ts";

const thresholds = { moderation: 7, response: 12_345, debate: 234_567 };
const ctx = { publicUrl: "https://petitions.example", serviceName: "Petitions", thresholds };
const base = { petition_id: 7, action: "Fund libraries", name: "Sam", link: "https://petitions.example/x" };
const DEFAULT_FIGURES = /\b(?:five|10,000|100,000)\b/;

describe("threshold numbers", () => {
  it("come from the settings, each falling back to its default", () => {
    expect(thresholdNumbers({ THRESHOLD_FOR_RESPONSE: 12_345 })).toEqual({
      moderation: DEFAULT_THRESHOLDS.moderation,
      response: 12_345,
      debate: DEFAULT_THRESHOLDS.debate,
    });
    expect(DEFAULT_THRESHOLDS).toEqual({ moderation: 5, response: 10_000, debate: 100_000 });
    expect(supporters(1)).toBe("1 supporter");
    expect(supporters(7)).toBe("7 supporters");
  });
});

describe("emails name the configured thresholds", () => {
  const cases: [TemplateName, Record<string, unknown>, string[]][] = [
    ["gather_sponsors", {}, ["7 supporters"]],
    ["moderation_pending", {}, ["7 supporters"]],
    ["petition_published", { closing_date: "2027-06-06" }, ["12,345", "234,567"]],
    ["threshold_response", { signature_count: 12_400 }, ["12,345"]],
    ["threshold_debate", { signature_count: 240_000 }, ["234,567"]],
    [
      "threshold_report",
      {
        entries: [
          {
            petition_id: 7,
            action: "A",
            threshold: "response",
            reached_at: "2027-06-05T10:00:00Z",
            signature_count: 1,
          },
          {
            petition_id: 8,
            action: "B",
            threshold: "debate",
            reached_at: "2027-06-05T10:00:00Z",
            signature_count: 1,
          },
        ],
      },
      ["Government response (12,345)", "Debate (234,567)"],
    ],
  ];
  for (const [template, data, expected] of cases) {
    it(template, () => {
      const mail = renderMail(template, { ...base, ...data }, ctx);
      for (const figure of expected) expect(`${mail.subject}\n${mail.text}`).toContain(figure);
      expect(`${mail.subject}\n${mail.text}`).not.toMatch(DEFAULT_FIGURES);
    });
  }

  it("name the defaults when a function reads no thresholds", () => {
    const mail = renderMail(
      "threshold_response",
      { ...base, signature_count: 10_001 },
      { ...ctx, thresholds: undefined },
    );
    expect(mail.text).toContain("Petitions with 10,000 signatures");
  });
});

describe("pages name the configured thresholds", () => {
  it("the start page's last step names the supporters needed", () => {
    const page = renderPage("start.njk", {
      serviceName: "Petitions",
      publicUrl: "https://petitions.example",
      form: true,
      step: "check",
      kind: "creator",
      values: {
        action: "Fund libraries",
        background: "Why",
        name: "Sam",
        email: "sam@example.com",
        location: "GB",
      },
      locationName: "United Kingdom",
      locations: [],
      errors: { list: [], byField: {} },
      supportersNeeded: supporters(thresholds.moderation),
    });
    expect(page.body).toContain("you will need 7 supporters before we check");
    expect(page.body).not.toMatch(/need 5 supporters/);
  });
});
