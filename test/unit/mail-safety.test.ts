/**
 * What people type cannot be turned against others: one-line fields refuse line breaks, emails
 * carry typed text as quoted plain text no mail client can link, and CSV cells cannot start a
 * spreadsheet formula.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasLineBreak } from "../../shared/domain/one-line.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { firstEmailsInRollingDay, mailCapWrites } from "../../shared/mail/caps.ts";
import { renderMail } from "../../shared/mail/templates.ts";
import { CSV_HEADER, csvField, csvRow } from "../../shared/petitions/csv.ts";
import { governmentResponseSchema } from "../../shared/petitions/responses.ts";
import { blockSchema } from "../../shared/signatures/limits.ts";
import { petitionTextSchema, signerSchema } from "../../shared/signatures/submitted-fields.ts";
import type * as z from "../../shared/zod.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const data = loadUkData(process.env.DATA_DIR ?? path.resolve(projectRoot, "../shared/data/uk"));
const signer = signerSchema(data);

const goodSigner = {
  name: "Sam Signer",
  email: "sam@example.com",
  postcode: "SW1A 1AA",
  location: "GB",
  uk_citizenship: true,
};
const goodText = { action: "Build more libraries", background: "Books.", additional_details: null };
const goodResponse = { responded_on: "2026-01-02", summary: "We agree", details: "" };

const BREAKS = ["\r", "\n", "\r\n", "\u2028"];

/** The issues a schema raises for one field. */
function issuesFor(schema: z.ZodMiniType, input: unknown, field: string) {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.filter((i) => i.path[0] === field);
}

describe("one-line fields", () => {
  const cases: [string, z.ZodMiniType, Record<string, unknown>, string[]][] = [
    ["signer", signer, goodSigner, ["name", "email", "postcode", "location"]],
    ["petition text", petitionTextSchema, goodText, ["action"]],
    ["government response", governmentResponseSchema, goodResponse, ["summary"]],
    ["block", blockSchema, { kind: "email", value: "x@example.com" }, ["value"]],
  ];

  for (const [what, schema, good, fields] of cases) {
    it(`accepts a good ${what}`, () => {
      expect(schema.safeParse(good).success).toBe(true);
    });
    for (const field of fields) {
      for (const lineBreak of BREAKS) {
        for (const where of ["middle", "end"] as const) {
          it(`refuses ${JSON.stringify(lineBreak)} at the ${where} of the ${what}'s ${field}, naming it`, () => {
            const value = String(good[field]);
            const broken =
              where === "end" ? `${value}${lineBreak}` : `${value.slice(0, 2)}${lineBreak}${value.slice(2)}`;
            const issues = issuesFor(schema, { ...good, [field]: broken }, field);
            expect(issues.length).toBeGreaterThan(0);
            expect(issues.some((i) => i.code === "custom" && i.message.includes("one line"))).toBe(true);
          });
        }
      }
    }
  }

  it("still lets the background and details run over several lines", () => {
    const parsed = petitionTextSchema.safeParse({
      ...goodText,
      background: "First line.\nSecond line.",
      additional_details: "One.\r\nTwo.",
    });
    expect(parsed.success).toBe(true);
  });

  it("finds every line break, and only line breaks", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(hasLineBreak(s)).toBe(/[\r\n\u0085\u2028\u2029\v\f]/.test(s));
      }),
    );
    expect(hasLineBreak("tab\there")).toBe(false);
  });
});

describe("typed text in emails", () => {
  const ctx = { publicUrl: "https://petitions.example.org", serviceName: "Petitions" };
  const link = "https://petitions.example.org/signatures/1/verify?token=abc";
  const hostile = {
    petition_id: 1,
    action: "Visit evil.example or http://x.test/login now",
    name: "Bob <b>bold</b> @bob www.evil.example",
    link,
  };
  /** Every address-looking run a mail client's auto-linker would catch. */
  const LINKABLE = /(https?:\/\/|www\.)[^\s\u200c]|[a-z0-9-]+\.[a-z]{2,}(?![\u200c])|@[a-z]/i;

  for (const template of ["confirm_petition", "confirm_sponsor"] as const) {
    it(`${template}: keeps the typed text out of the subject and quotes it as someone else's`, () => {
      const mail = renderMail(template, hostile, ctx);
      expect(mail.subject).not.toContain("evil");
      expect(mail.subject).not.toContain("Bob");
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain("written by the person who started it");
        expect(part).toMatch(/a petition titled “Visit evil/);
        expect(part).toMatch(/giving the name “Bob/);
        expect(part).not.toMatch(/Dear Bob/);
      }
    });
  }

  for (const template of [
    "confirm_petition",
    "confirm_sponsor",
    "confirm_signature",
    "duplicate_signature",
  ] as const) {
    it(`${template}: no typed text can become a link or markup in either part`, () => {
      const mail = renderMail(template, hostile, ctx);
      // The only links are the service's own.
      const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
      for (const href of hrefs) expect(href?.startsWith(ctx.publicUrl)).toBe(true);
      expect(mail.html).not.toContain("<b>");
      expect(mail.html).toContain("&lt;b&gt;");
      for (const part of [mail.text, mail.html]) {
        const typed = part
          .split(/\n|<\/?p>/)
          .filter((line) => line.includes("Visit") || line.includes("Bob"));
        expect(typed.length).toBeGreaterThan(0);
        for (const line of typed) expect(line, line).not.toMatch(LINKABLE);
      }
      // What a reader sees is the text as typed, once the invisible joiners are dropped.
      expect(mail.text.replace(/\u200c/g, "")).toContain(hostile.action);
    });
  }

  it("puts a subject on one line whatever the stored text holds", () => {
    const mail = renderMail(
      "petition_published",
      { ...hostile, action: "Two\r\nBcc: x@y.z", closing_date: "1 May" },
      ctx,
    );
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe("CSV cells", () => {
  it.each(["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")'])(
    "neutralises %j with a leading quote",
    (value) => {
      const cell = csvField(value);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(unquoted).toBe(`'${value}`);
    },
  );

  it("leaves ordinary text and numbers alone", () => {
    expect(csvField("Build more libraries")).toBe("Build more libraries");
    expect(csvField("a, b")).toBe('"a, b"');
    expect(csvField(-5)).toBe("-5");
    expect(csvRow(CSV_HEADER)).toBe("Petition,URL,State,Signatures Count\n");
  });

  it("never writes a text cell a spreadsheet would evaluate", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const cell = csvField(value);
        const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
        expect(unquoted).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});

describe("the rolling day of the mail caps", () => {
  const caps = { perAddress: 10, perPetition: 5 };
  const names = (at: string) =>
    (mailCapWrites("t", "key", 7, caps, new Date(at)) ?? []).map(
      (w) =>
        (w as { Update: { ExpressionAttributeNames: Record<string, string> } }).Update
          .ExpressionAttributeNames,
    );

  it("counts an email in its day and the next, and checks its own day, which yesterday's filled too", () => {
    const [late] = names("2026-03-01T23:30:00Z");
    const [early] = names("2026-03-02T00:30:00Z");
    expect(late?.["#today"]).toBe("d20260301");
    expect(late?.["#tomorrow"]).toBe("d20260302");
    // Half past midnight is checked against the counter half past eleven added to.
    expect(early?.["#today"]).toBe(late?.["#tomorrow"]);
    expect(early?.["#old1"]).toBe("d20260301");
  });

  it("keeps a counter for the service and one for the petition, with their own caps", () => {
    const writes = mailCapWrites("t", "key", 7, caps, new Date("2026-03-01T12:00:00Z")) as {
      Update: { Key: { PK: string }; ExpressionAttributeValues: Record<string, number> };
    }[];
    expect(writes.map((w) => w.Update.Key.PK)).toEqual(["MAILCAP#all#key", "MAILCAP#petition-7#key"]);
    expect(writes.map((w) => w.Update.ExpressionAttributeValues[":cap"])).toEqual([10, 5]);
  });

  it("counts an address's first signature per petition by the signature: the service's counter alone", () => {
    const writes = mailCapWrites("t", "key", 7, caps, new Date("2026-03-01T12:00:00Z"), {
      first: "only",
      firsts: 0,
    }) as { Update: { Key: { PK: string } } }[];
    expect(writes.map((w) => w.Update.Key.PK)).toEqual(["MAILCAP#all#key"]);
  });

  it("leaves the per-petition cap less the first emails of the rolling day to repeats", () => {
    const at = new Date("2026-03-02T00:30:00Z");
    const firsts = firstEmailsInRollingDay(
      ["2026-02-28T23:59:00Z", "2026-03-01T08:00:00Z", "2026-03-02T00:10:00Z"],
      at,
    );
    // Yesterday's and today's, as the counter's own day holds; the day before is out.
    expect(firsts).toBe(2);
    const [, repeat] = mailCapWrites("t", "key", 7, caps, at, { first: "no", firsts }) as {
      Update: { ExpressionAttributeValues: Record<string, number> };
    }[];
    expect(repeat?.Update.ExpressionAttributeValues[":cap"]).toBe(3);
    // A household's second signature is checked, not counted: its signature counts it.
    const [, second] = mailCapWrites("t", "key", 7, caps, at, { first: "another", firsts: 1 }) as {
      ConditionCheck?: { ExpressionAttributeValues: Record<string, number> };
    }[];
    expect(second?.ConditionCheck?.ExpressionAttributeValues[":cap"]).toBe(4);
    // No room left at all: over the cap before anything is written.
    expect(
      mailCapWrites("t", "key", 7, { perAddress: 10, perPetition: 2 }, at, { first: "no", firsts: 2 }),
    ).toBeNull();
  });
});
