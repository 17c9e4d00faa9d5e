import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownToHtml, markdownToText } from "../../shared/domain/markdown.ts";
import { longDate, ordinal } from "../../shared/domain/readable.ts";
import { renderMail } from "../../shared/mail/templates.ts";
import { NEEDS_REVISION, revisedResponse } from "../../shared/petitions/revisions.ts";
import { petitionRecord } from "../support/petition-record.ts";

describe("staff's markdown on a page", () => {
  it("renders paragraphs, lists, emphasis and https links", () => {
    const html = markdownToHtml(
      "The committee met.\nIt agreed:\n\n- to write\n- to *ask* again\n\n1. **first**\n2. [the report](https://committees.parliament.uk/x)",
    );
    expect(html).toBe(
      [
        '<p class="govuk-body">The committee met.<br>\nIt agreed:</p>',
        '<ul class="govuk-list govuk-list--bullet"><li>to write</li><li>to <em>ask</em> again</li></ul>',
        '<ol class="govuk-list govuk-list--number"><li><strong>first</strong></li><li><a class="govuk-link" rel="nofollow" href="https://committees.parliament.uk/x">the report</a></li></ol>',
      ].join("\n"),
    );
  });

  it("escapes HTML: raw tags, attributes and script links are shown, never run", () => {
    const html = markdownToHtml(
      '<script>alert(1)</script> <img src=x onerror="alert(1)"> [click](javascript:alert(1)) [x](https://a.example/"onmouseover="alert(1))',
    );
    expect(html).not.toMatch(/<script|<img|href="javascript|onmouseover="/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("[click](javascript:alert(1))");
  });

  it("never lets a tag through, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("<", ">", "a", "*", "[", "]", "(", ")", "\n", "-", " ", '"', "h"),
        }),
        (text) => {
          const tags = markdownToHtml(text).match(/<\/?([a-z]+)/g) ?? [];
          for (const tag of tags)
            expect([
              "<p",
              "</p",
              "<br",
              "<ul",
              "</ul",
              "<ol",
              "</ol",
              "<li",
              "</li",
              "<em",
              "</em",
              "<strong",
              "</strong",
              "<a",
              "</a",
            ]).toContain(tag);
        },
      ),
    );
  });

  it("writes plain text as e-petitions' markdown_to_text does", () => {
    expect(markdownToText("Read **this**:\n\n- one\n- [two](https://x.example/2)")).toBe(
      "Read this:\n\n* one\n* two[1]\n\n[1]: https://x.example/2",
    );
  });
});

describe("a response's date as e-petitions writes it", () => {
  it("names the weekday and the ordinal day", () => {
    expect(longDate("2026-01-22")).toBe("Thursday 22nd January 2026");
    expect(longDate("2026-03-01")).toBe("Sunday 1st March 2026");
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31, 101, 111].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "31st",
      "101st",
      "111th",
    ]);
  });
});

describe("a revised government response", () => {
  const response = {
    responded_on: "2026-01-10",
    summary: "No.",
    details: "Because.",
    created_at: "2026-01-10T10:00:00.000Z",
    updated_at: "2026-01-10T10:00:00.000Z",
  };

  it("is refused without the committee's request once a response exists", () => {
    const petition = petitionRecord(1, { government_response: response });
    expect(() =>
      revisedResponse(
        petition,
        { responded_on: "2026-02-01", summary: "Yes", details: "" },
        "2026-02-01T00:00:00.000Z",
      ),
    ).toThrow(NEEDS_REVISION);
  });

  it("keeps the original as other parliamentary business dated the day it was given", () => {
    const petition = petitionRecord(1, { government_response: response });
    const revision = { requested_on: "2026-01-20", reason: "It did not address the request" };
    const { set } = revisedResponse(
      petition,
      { responded_on: "2026-02-01", summary: "Yes", details: "", revision },
      "2026-02-01T09:00:00.000Z",
    );
    expect(set.government_response).toMatchObject({
      responded_on: "2026-02-01",
      summary: "Yes",
      revision,
      created_at: response.created_at,
    });
    expect(set.other_business).toEqual([
      {
        subject: "The government's original response",
        body: "No.\n\nBecause.",
        occurred_on: "2026-01-10",
        created_at: "2026-02-01T09:00:00.000Z",
        updated_at: "2026-02-01T09:00:00.000Z",
      },
    ]);
  });

  it("says in the email that it is revised, and why", () => {
    const mail = renderMail(
      "government_response",
      {
        petition_id: 1,
        action: "Do it",
        name: "Sam",
        responded_on: "2026-02-01",
        summary: "Yes",
        details: "",
        revision: { requested_on: "2026-01-20", reason: "It did not address the request" },
      },
      { publicUrl: "https://petitions.example", serviceName: "Petitions" },
    );
    expect(mail.subject).toMatch(/revised its response/);
    expect(mail.text).toContain("This is a revised response.");
    expect(mail.text).toContain("It did not address the request");
  });
});
