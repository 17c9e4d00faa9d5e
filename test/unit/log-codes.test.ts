/**
 * One registry of log codes (shared/log-codes.ts): every log line's `code` in the sources is a
 * named constant from it, never a string written out by hand, and the runbooks cite only codes
 * that exist.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LogCode, logCodes } from "../../shared/log-codes.ts";
import { projectRoot, sourcesUnder } from "../support/sources.ts";

/** Each `logger.<level>(...)` call in a source, with the expression given as its `code`. */
function loggedCodes(text: string): { line: number; code: string }[] {
  const found: { line: number; code: string }[] = [];
  for (const call of text.matchAll(/\blogger\.(?:debug|info|warn|error|critical)\(/g)) {
    let depth = 1;
    let end = (call.index ?? 0) + call[0].length;
    while (depth > 0 && end < text.length) {
      const char = text[end];
      if (char === "(") depth += 1;
      else if (char === ")") depth -= 1;
      end += 1;
    }
    const args = text.slice(call.index, end);
    const code = /\bcode:\s*([^,}\n]+)/.exec(args)?.[1]?.trim();
    if (code !== undefined) found.push({ line: text.slice(0, call.index).split("\n").length, code });
  }
  return found;
}

/** The codes a runbook cites: `code = "x"`, `code in ["x", "y"]`, `code like /x/`, and "log code `x`". */
function citedCodes(markdown: string): { exact: string[]; patterns: RegExp[] } {
  const exact = [
    ...[...markdown.matchAll(/\bcode\s*=\s*"([^"]+)"/g)].map((m) => m[1] as string),
    ...[...markdown.matchAll(/\bcode\s+in\s*\[([^\]]*)\]/g)].flatMap((m) =>
      [...(m[1] as string).matchAll(/"([^"]+)"/g)].map((q) => q[1] as string),
    ),
    ...[...markdown.matchAll(/\blog\s+codes?\s+`([^`]+)`/g)].map((m) => m[1] as string),
  ];
  const patterns = [...markdown.matchAll(/\bcode\s+like\s+\/([^/]+)\//g)].map(
    (m) => new RegExp(m[1] as string),
  );
  return { exact, patterns };
}

const runbookDir = path.join(projectRoot, "docs/runbooks");
const runbooks = readdirSync(runbookDir)
  .filter((name) => name.endsWith(".md"))
  .map((name) => ({ name, text: readFileSync(path.join(runbookDir, name), "utf8") }));

describe("log codes", () => {
  it("are unique, lower case, and each has its meaning written beside it", () => {
    expect(new Set(logCodes).size).toBe(logCodes.length);
    for (const code of logCodes) expect(code).toMatch(/^[a-z][a-z_.]*[a-z]$/);
    const registry = readFileSync(path.join(projectRoot, "shared/log-codes.ts"), "utf8").split("\n");
    const undocumented = registry
      .map((line, index) => ({ line, before: registry[index - 1] ?? "" }))
      .filter(({ line }) => /^ {2}\w+: "/.test(line))
      .filter(({ before }) => !/^\s*\/\*\*.*\*\/$/.test(before))
      .map(({ line }) => line.trim());
    expect(undocumented).toEqual([]);
  });

  it("finds the code a logger call passes", () => {
    const sample =
      'logger.warn("x", {\n  code: LogCode.jobPageFailed,\n  id,\n});\nlogger.info(`y`, { code: "hand_written" });';
    expect(loggedCodes(sample)).toEqual([
      { line: 1, code: "LogCode.jobPageFailed" },
      { line: 5, code: '"hand_written"' },
    ]);
  });

  it("are logged by name from the registry, never written out by hand", () => {
    const sources = sourcesUnder("shared", "functions", "infra");
    const calls = sources.flatMap(({ file, text }) =>
      loggedCodes(text).map((call) => ({ where: `${file}:${call.line}`, code: call.code })),
    );
    expect(calls.length).toBeGreaterThan(25);
    const literal = calls.filter(({ code }) => /^["'`]/.test(code));
    expect(literal.map(({ where, code }) => `${where} logs ${code}`)).toEqual([]);
    const unknown = calls
      .map(({ where, code }) => ({ where, name: /^LogCode\.(\w+)$/.exec(code)?.[1] }))
      .filter(({ name }) => name !== undefined && !(name in LogCode));
    expect(unknown).toEqual([]);
  });

  it("cited in the runbooks all exist", () => {
    const known = new Set<string>(logCodes);
    let cited = 0;
    const missing: string[] = [];
    for (const { name, text } of runbooks) {
      const { exact, patterns } = citedCodes(text);
      cited += exact.length + patterns.length;
      for (const code of exact) if (!known.has(code)) missing.push(`${name}: ${code}`);
      for (const pattern of patterns)
        if (!logCodes.some((code) => pattern.test(code))) missing.push(`${name}: ${pattern}`);
    }
    expect(cited).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });

  it("reads the ways a runbook cites a code", () => {
    const cited = citedCodes(
      '| filter code = "a_b"\n| filter code in ["c", "d"]\n| filter code like /drift/\nlog code\n`e_f` with',
    );
    expect(cited.exact).toEqual(["a_b", "c", "d", "e_f"]);
    expect(cited.patterns.map(String)).toEqual(["/drift/"]);
  });
});
