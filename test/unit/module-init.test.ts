/**
 * A top-level await makes its module, and every module that imports it, evaluate asynchronously.
 * The local engine imports every handler at once in one process (infra/local/functions.ts). There,
 * a page module once ran before one of its imports had finished, while a module below it was
 * suspended at such an await ("Cannot access 'errorPagesFor' before initialization"); Lambda loads
 * one handler per process, so only the local engine showed it, and only in some orders. So module
 * scope stays synchronous, but for the awaits listed here.
 */
import { transformSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { sourcesUnder } from "../support/sources.ts";

/** Each module allowed a top-level await, and why it needs one. */
const AWAITING: Record<string, string> = {
  // Only where no bundler define gives the setting names (the engine, the tests): the topology is
  // read instead, and the engine has loaded it before any handler.
  "shared/function-config.ts": "loads the topology's setting names outside a bundle",
  // Only on AWS (HASH_KEY_ARN): the key is read from Secrets Manager before the first request.
  "shared/hash-key.ts": "reads the hash key's secret at a Lambda cold start",
};

/** Whether esbuild finds an await at the top level (CommonJS output cannot hold one). */
function awaitsAtTopLevel(text: string): boolean {
  try {
    transformSync(text, { loader: "ts", format: "cjs" });
    return false;
  } catch (error) {
    if (/Top-level await/.test(String((error as Error).message))) return true;
    throw error;
  }
}

describe("module initialisation", () => {
  it("finds a top-level await, in a branch too, and none inside a function", () => {
    expect(awaitsAtTopLevel("const env = await Promise.resolve(1);\nexport { env };")).toBe(true);
    expect(awaitsAtTopLevel("const env = true ? await Promise.resolve(1) : 2;\nexport { env };")).toBe(true);
    expect(awaitsAtTopLevel("export async function f() { return await Promise.resolve(1); }")).toBe(false);
  });

  it("awaits at the top level of no module under shared/ or functions/ but those listed", () => {
    const sources = sourcesUnder("shared", "functions");
    expect(sources.length).toBeGreaterThan(100);
    const awaiting = sources.filter(({ text }) => awaitsAtTopLevel(text)).map(({ file }) => file);
    expect(awaiting.sort()).toEqual(Object.keys(AWAITING).sort());
  });
});
