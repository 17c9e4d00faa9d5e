import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decisionsFor } from "../../shared/domain/decisions.ts";
import { petitionStates } from "../../shared/domain/petition-state.ts";
import {
  paragraphsOf,
  readableDate,
  readableTime,
  stateInWords,
  stateWords,
} from "../../shared/domain/readable.ts";
import { renderMail, type TemplateName } from "../../shared/mail/templates.ts";
import { pastScheduleProblem } from "../../shared/petitions/responses.ts";
import { bucketLabel } from "../../shared/web/svg.ts";

describe("a date as people read it", () => {
  it("writes a calendar date as day, month name and year", () => {
    expect(readableDate("2027-06-06")).toBe("6 June 2027");
    expect(readableDate("2027-12-31")).toBe("31 December 2027");
  });

  it("writes an instant as its London day", () => {
    // 23:30 UTC in summer is already the next day in London; in winter it is not.
    expect(readableDate("2027-06-05T23:30:00.000Z")).toBe("6 June 2027");
    expect(readableDate("2027-01-05T23:30:00.000Z")).toBe("5 January 2027");
    expect(readableDate(new Date("2027-06-06T10:00:00Z"))).toBe("6 June 2027");
  });

  it("writes a time on the London clock", () => {
    expect(readableTime("2027-06-06T13:05:00.000Z")).toBe("6 June 2027, 14:05");
    expect(readableTime("2027-01-06T13:05:00.000Z")).toBe("6 January 2027, 13:05");
    expect(readableTime("2027-06-06")).toBe("6 June 2027");
  });

  it("leaves what is not a date alone, and nothing as nothing", () => {
    expect(readableDate("soon")).toBe("soon");
    expect(readableDate("")).toBe("");
    expect(readableDate(null)).toBe("");
    expect(readableDate(undefined)).toBe("");
  });

  it("never shows an ISO date for any day", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        (at) => {
          const text = readableDate(at.toISOString());
          expect(text).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
          expect(readableDate(at.toISOString().slice(0, 10))).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
        },
      ),
    );
  });

  it("labels the chart's hours and days the same way", () => {
    expect(bucketLabel("2027-06-06")).toBe("6 June 2027");
    expect(bucketLabel("2027-06-06T13")).toBe("6 June 2027, 14:00");
  });
});

describe("paragraphs of someone's text", () => {
  it("split where a blank line was left", () => {
    expect(paragraphsOf("First.\n\nSecond.\r\n\r\nThird.")).toEqual(["First.", "Second.", "Third."]);
  });

  it("keep single line breaks and drop empty paragraphs", () => {
    expect(paragraphsOf("One\ntwo\n\n \n\n  \nthree  ")).toEqual(["One\ntwo", "three"]);
    expect(paragraphsOf("")).toEqual([]);
    expect(paragraphsOf(null)).toEqual([]);
  });

  it("lose no words", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z<>&]{1,8}$/), { maxLength: 8 }),
        fc.array(fc.constantFrom("\n\n", "\n", " ", "\r\n\r\n"), { maxLength: 8 }),
        (words, gaps) => {
          const text = words.map((w, i) => w + (gaps[i] ?? " ")).join("");
          expect(paragraphsOf(text).join(" ").split(/\s+/).filter(Boolean)).toEqual(words);
        },
      ),
    );
  });
});

describe("a petition's state in words", () => {
  it("has words for every state, none of them its code", () => {
    for (const state of petitionStates) {
      expect(stateWords[state]).toMatch(/^[A-Z][a-z]/);
      expect(stateInWords(state)).not.toBe(state);
    }
    expect(stateInWords("validated")).toBe("Gathering support");
  });
});

describe("the moderation decisions offered", () => {
  it("are only those the state machine allows", () => {
    expect(decisionsFor("sponsored").map((d) => d.value)).toEqual(["publish", "reject", "flag", "dormant"]);
    expect(decisionsFor("flagged").map((d) => d.value)).toEqual(["publish", "reject", "dormant", "restore"]);
    expect(decisionsFor("open").map((d) => d.value)).toEqual(["take_down"]);
    expect(decisionsFor("rejected").map((d) => d.value)).toEqual(["restore"]);
    expect(decisionsFor("stopped")).toEqual([]);
  });
});

describe("scheduling a debate", () => {
  const now = new Date("2027-06-06T10:00:00Z");

  it("refuses a day already gone, naming the field", () => {
    const problem = pastScheduleProblem({ scheduled_debate_date: "2027-06-05", email_signers: false }, now);
    expect(problem?.field).toBe("scheduled_debate_date");
    expect(pastScheduleProblem({ scheduled_on: "2020-01-01", email_signers: false }, now)?.field).toBe(
      "scheduled_on",
    );
  });

  it("accepts today, a later day, and outcomes on any day", () => {
    expect(
      pastScheduleProblem({ scheduled_debate_date: "2027-06-06", email_signers: false }, now),
    ).toBeNull();
    expect(
      pastScheduleProblem({ scheduled_debate_date: "2027-07-01", email_signers: false }, now),
    ).toBeNull();
    expect(
      pastScheduleProblem(
        { scheduled_debate_date: "2027-01-01", debated_on: "2027-01-01", email_signers: false },
        now,
      ),
    ).toBeNull();
  });
});

describe("emails as people read them", () => {
  const ctx = { publicUrl: "https://petitions.example", serviceName: "Petitions" };
  const base = { petition_id: 7, action: "Fund libraries", name: "Sam" };

  it("write every date in words", () => {
    const cases: [TemplateName, Record<string, unknown>, string][] = [
      ["petition_published", { closing_date: "2027-06-06" }, "until 6 June 2027."],
      ["government_response", { responded_on: "2027-06-06", summary: "Yes", details: "" }, "on 6 June 2027:"],
      ["debate_scheduled", { scheduled_debate_date: "2027-06-06" }, "on 6 June 2027."],
      [
        "debate_outcome",
        { debated: true, debated_on: "2027-06-06", overview: null, transcript_url: null, video_url: null },
        "on 6 June 2027.",
      ],
      [
        "threshold_report",
        {
          entries: [
            {
              petition_id: 7,
              action: "Fund libraries",
              threshold: "response",
              reached_at: "2027-06-05T23:30:00.000Z",
              signature_count: 10000,
            },
          ],
        },
        "reached 6 June 2027",
      ],
    ];
    for (const [template, data, expected] of cases) {
      const mail = renderMail(template, { ...base, ...data }, ctx);
      expect(mail.text, template).toContain(expected);
      expect(mail.text, template).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it("keep the paragraphs of a government response, escaped", () => {
    const mail = renderMail(
      "government_response",
      { ...base, responded_on: "2027-06-06", summary: "Yes", details: "First.\n\nSecond <b>point</b>." },
      ctx,
    );
    expect(mail.html).toContain("<p>First.</p><p>Second &lt;b&gt;point&lt;/b&gt;.</p>");
    expect(mail.text).toContain("First.\n\nSecond <b>point</b>.");
  });
});
