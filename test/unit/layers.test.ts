/**
 * The layers only point down: the table layer (shared/db) knows no feature, the features
 * (petitions, signatures, mail, search) know nothing of HTTP, and pages and scheduled jobs ask a
 * feature's module for what they need instead of building keys and index queries themselves.
 */
import { describe, expect, it } from "vitest";
import { importsOf, type SourceFile, sourcesUnder } from "../support/sources.ts";

const FEATURES = ["shared/petitions", "shared/signatures", "shared/mail", "shared/search", "shared/feedback"];

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
});
