/**
 * Imports that decide what a Lambda bundle carries. zod is imported as a namespace
 * (`import * as z from "zod"`): the named `z` binds zod's whole namespace object as a value, so
 * esbuild keeps every locale and schema class (454 KB of each bundle instead of 85 KB). The
 * credential module that the bundles put in place of the SDK's default chain keeps that chain's
 * exports and gives the environment's credentials.
 */
import { describe, expect, it, vi } from "vitest";
import { sourcesUnder } from "../support/sources.ts";

/** `import { z } from "zod"`, also with other names beside z or over several lines. */
const NAMED_Z = /\bimport\s+(?:type\s+)?\{[^}]*\bz\b[^}]*\}\s*from\s*["']zod["']/;

describe("zod imports", () => {
  it("the check recognises the named import, and not the namespace import", () => {
    expect(NAMED_Z.test('import { z } from "zod";')).toBe(true);
    expect(NAMED_Z.test('import type { z } from "zod";')).toBe(true);
    expect(NAMED_Z.test('import {\n  type ZodError,\n  z,\n} from "zod";')).toBe(true);
    expect(NAMED_Z.test('import * as z from "zod";')).toBe(false);
    expect(NAMED_Z.test('import type * as z from "zod";')).toBe(false);
  });

  it("every module imports zod as a namespace", () => {
    const files = sourcesUnder("shared", "functions", "infra", "test");
    expect(files.length).toBeGreaterThan(100);
    const named = files
      .filter(({ file }) => file !== "test/unit/bundle-imports.test.ts")
      .filter(({ text }) => NAMED_Z.test(text))
      .map(({ file }) => file);
    expect(named, 'write `import * as z from "zod"`').toEqual([]);
  });
});

describe("the bundles' credential provider", () => {
  it("exports what the SDK's default-chain package exports", async () => {
    const [real, ours] = await Promise.all([
      import("@aws-sdk/credential-provider-node"),
      import("../../shared/aws/lambda-credentials.ts"),
    ]);
    const exported = (module: object) =>
      Object.keys(module)
        .filter((name) => name !== "default")
        .sort();
    expect(exported(ours)).toEqual(exported(real));
  });

  it("gives the execution role's credentials from the environment, as Lambda sets them", async () => {
    const { defaultProvider } = await import("../../shared/aws/lambda-credentials.ts");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "ASIAEXAMPLEKEY");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "example-secret");
    vi.stubEnv("AWS_SESSION_TOKEN", "example-session");
    try {
      await expect(defaultProvider()()).resolves.toMatchObject({
        accessKeyId: "ASIAEXAMPLEKEY",
        secretAccessKey: "example-secret",
        sessionToken: "example-session",
      });
      vi.stubEnv("AWS_ACCESS_KEY_ID", "");
      await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
