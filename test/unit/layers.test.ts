/**
 * The layers only point down: the table layer (shared/db) knows no feature, the features
 * (petitions, signatures, mail, search) know nothing of HTTP, and pages and scheduled jobs ask a
 * feature's module for what they need instead of building keys and index queries themselves.
 * Each entity module owns its keys (no other module spells them) and every paged Query goes
 * through the one pager (shared/db/query.ts).
 */
import { describe, expect, it } from "vitest";
import { importsOf, type SourceFile, sourcesUnder } from "../support/sources.ts";

const FEATURES = ["shared/petitions", "shared/signatures", "shared/mail", "shared/search", "shared/feedback"];

/** Key literals and the one module allowed to spell each. */
const OWNED_KEYS: { pattern: RegExp; owner: string }[] = [
  { pattern: /["'`]HOUR#/, owner: "shared/petitions/hourly.ts" },
  ...["CLOSE", "ANONYMISE", "UNPUBLISHED", "DEBATE"].map((partition) => ({
    pattern: new RegExp(`["'\`]${partition}["'\`]`),
    owner: "shared/petitions/due-lists.ts",
  })),
  { pattern: /["'`]SIGNERS#/, owner: "shared/signatures/store.ts" },
  { pattern: /["'`]STATE#/, owner: "shared/db/keys.ts" },
  { pattern: /IndexName:\s*["'`]signers["'`]|signersPK\s*=/, owner: "shared/signatures/store.ts" },
];
const PAGER = "shared/db/query.ts";

/** The code of a source, its comments (which may name keys to explain them) left out. */
const codeOf = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

/** Files spelling a key literal they do not own, or reading a Query's paging keys outside the pager. */
function trespassing(files: SourceFile[]): string[] {
  return files.flatMap(({ file, text: source }) => {
    const text = codeOf(source);
    return [
      ...OWNED_KEYS.filter(({ pattern, owner }) => file !== owner && pattern.test(text)).map(
        ({ pattern, owner }) => `${file} spells ${pattern.source}, owned by ${owner}`,
      ),
      ...(file !== PAGER && /\b(LastEvaluatedKey|ExclusiveStartKey)\b/.test(text)
        ? [`${file} pages a Query itself, not through ${PAGER}`]
        : []),
    ];
  });
}

function offending(files: SourceFile[], forbidden: (target: string) => boolean): string[] {
  return files.flatMap((source) =>
    importsOf(source)
      .filter(forbidden)
      .map((target) => `${source.file} imports ${target}`),
  );
}

describe("layers", () => {
  it("reads import lines, relative paths resolved", () => {
    const sample = {
      file: "shared/mail/x.ts",
      text: 'import { a } from "../http/auth.ts";\nimport type { B } from "./b.ts";\nexport { c } from "zod";\nconst d = await import("../db/query.ts");\nimport {\n  e,\n} from "../petitions/items.ts";\n',
    };
    expect(importsOf(sample)).toEqual([
      "shared/http/auth.ts",
      "shared/mail/b.ts",
      "zod",
      "shared/db/query.ts",
      "shared/petitions/items.ts",
    ]);
  });

  it("feature modules do not import shared/http", () => {
    const files = sourcesUnder(...FEATURES);
    expect(files.length).toBeGreaterThan(20);
    expect(offending(files, (target) => target.startsWith("shared/http/"))).toEqual([]);
  });

  it("shared/db imports no feature module, page or HTTP code", () => {
    const files = sourcesUnder("shared/db");
    expect(files.length).toBeGreaterThan(3);
    const above = [...FEATURES, "shared/http", "shared/web", "shared/streams"].map((folder) => `${folder}/`);
    expect(offending(files, (target) => above.some((folder) => target.startsWith(folder)))).toEqual([]);
  });

  it("pages and scheduled jobs build no table keys or index queries of their own", () => {
    const files = sourcesUnder("shared/web/pages", "functions/scheduled");
    expect(files.length).toBeGreaterThan(10);
    const tableAccess = (target: string) =>
      target.startsWith("@aws-sdk/client-dynamodb") ||
      target.startsWith("@aws-sdk/lib-dynamodb") ||
      ["shared/db/keys.ts", "shared/db/query.ts", "shared/db/client.ts", "shared/db/batch.ts"].includes(
        target,
      );
    expect(offending(files, tableAccess)).toEqual([]);
    const queries = files
      .filter(({ text }) => /KeyConditionExpression|IndexName\s*:|\bPK\s*:/.test(text))
      .map(({ file }) => file);
    expect(queries).toEqual([]);
  });

  it("finds a key spelled outside its module and a page loop outside the pager", () => {
    const samples = [
      { file: "shared/petitions/x.ts", text: 'const key = { SK: "HOUR#" + hour };' },
      { file: "shared/mail/y.ts", text: 'ExpressionAttributeValues: { ":pk": "DEBATE" }' },
      { file: "shared/search/z.ts", text: "start = page.LastEvaluatedKey;" },
      { file: "shared/petitions/hourly.ts", text: 'const HOUR_PREFIX = "HOUR#";' },
      { file: "shared/petitions/due-lists.ts", text: 'sparseList("due", "CLOSE");' },
      { file: "shared/db/query.ts", text: "page.LastEvaluatedKey" },
      { file: "shared/petitions/w.ts", text: '/** `CLOSE`, "DEBATE" */\n// follows "LastEvaluatedKey"' },
      { file: "shared/mail/v.ts", text: 'IndexName: "signers", KeyConditionExpression: "signersPK = :pk"' },
      { file: "shared/signatures/store.ts", text: 'IndexName: "signers", pk: "SIGNERS#" + id' },
      { file: "shared/petitions/u.ts", text: 'partitionQuery("byState", "STATE#open", false)' },
    ];
    expect(trespassing(samples)).toEqual([
      "shared/petitions/x.ts spells [\"'`]HOUR#, owned by shared/petitions/hourly.ts",
      "shared/mail/y.ts spells [\"'`]DEBATE[\"'`], owned by shared/petitions/due-lists.ts",
      "shared/search/z.ts pages a Query itself, not through shared/db/query.ts",
      "shared/mail/v.ts spells IndexName:\\s*[\"'`]signers[\"'`]|signersPK\\s*=, owned by shared/signatures/store.ts",
      "shared/petitions/u.ts spells [\"'`]STATE#, owned by shared/db/keys.ts",
    ]);
  });

  it("each entity module owns its keys, and every paged Query goes through the one pager", () => {
    const files = sourcesUnder("shared", "functions", "infra");
    expect(files.length).toBeGreaterThan(100);
    expect(trespassing(files)).toEqual([]);
  });
});
