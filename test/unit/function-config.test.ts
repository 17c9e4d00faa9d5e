/**
 * Settings are declared once: each function's topology entry lists what the engines pass it,
 * and its handler reads exactly that list through `functionConfig("<its name>")`. Nothing in
 * functions/ or shared/ keeps a list of its own or reads a setting from the environment itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, settings } from "../../shared/config.ts";
import {
  decodeFunctionSettings,
  encodeFunctionSettings,
  functionConfig,
} from "../../shared/function-config.ts";
import { topology } from "../../shared/topology.ts";

const root = resolve(fileURLToPath(import.meta.url), "../../..");
const sourceOf = (path: string) => readFileSync(resolve(root, path), "utf8");
const filesUnder = (dir: string): string[] =>
  readdirSync(resolve(root, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => relative(root, resolve(root, join(dir, name))));
const settingNames = new Set(Object.keys(settings));

/**
 * Modules that read a process-wide setting once per cold start, for every module of the
 * function: the table's name (shared/db), the hash key (top-level await before the first
 * request) and the origin secret (the HTTP stack's guard). The engines pass each one to exactly
 * the functions whose entries declare it; nothing else may read the environment.
 */
const processWide: Record<string, readonly string[]> = {
  "shared/db/client.ts": ["TABLE_NAME"],
  "shared/hash-key.ts": ["HASH_KEY", "HASH_KEY_ARN"],
  "shared/http/origin.ts": ["ORIGIN_SECRET", "ORIGIN_SECRET_ARN"],
};

describe("each handler reads its own topology entry's settings", () => {
  it.each(topology.map((spec) => [spec.name, spec.handler] as const))(
    "%s (%s) calls functionConfig with its own name, once",
    (name, handler) => {
      const calls = [...sourceOf(handler).matchAll(/functionConfig\(\s*"(\w+)"/g)].map((m) => m[1]);
      expect(calls).toEqual([name]);
    },
  );

  it("no module of functions/ or shared/ loads settings from a list of its own", () => {
    const lists = [...filesUnder("functions"), ...filesUnder("shared")]
      .filter((file) => file !== "shared/config.ts" && file !== "shared/function-config.ts")
      .filter((file) => /\bloadConfig\s*\(/.test(sourceOf(file)));
    expect(lists).toEqual([]);
  });

  it("no module of functions/ or shared/ reads a setting from the environment itself", () => {
    const reads: string[] = [];
    for (const file of [...filesUnder("functions"), ...filesUnder("shared")]) {
      const source = sourceOf(file);
      for (const match of source.matchAll(/\benv(?:\.(\w+)|\[\s*["'`](\w+)["'`]\s*\])/g)) {
        const name = match[1] ?? match[2] ?? "";
        if (settingNames.has(name) && !processWide[file]?.includes(name)) reads.push(`${file}: ${name}`);
      }
    }
    expect(reads).toEqual([]);
  });

  it("nothing in functions/ or shared/ imports from infra/: the topology and its types live in shared/", () => {
    const imports = [...filesUnder("functions"), ...filesUnder("shared")].filter((file) =>
      /\bfrom\s+["'][./]*infra\/|import\(\s*["'][./]*infra\//.test(sourceOf(file)),
    );
    expect(imports).toEqual([]);
  });

  it("an entry is granted the table exactly when it is given the table's name", () => {
    for (const spec of topology)
      expect(spec.table === "none", spec.name).toBe(
        !(spec.settings as readonly string[]).includes("TABLE_NAME"),
      );
  });

  it("every routed entry carries the edge's settings, which the HTTP stack checks", () => {
    for (const spec of topology.filter((s) => s.routes || s.defaultRoute)) {
      expect(spec.settings, spec.name).toEqual(
        expect.arrayContaining(["ORIGIN_SECRET_ARN", "ORIGIN_SECRET"]),
      );
    }
  });
});

describe("functionConfig", () => {
  it("returns the entry's settings and nothing else from the environment", () => {
    const config = functionConfig("SweepOutbox", {
      TABLE_NAME: "petitions",
      OUTBOX_SWEEP_AFTER_MINUTES: "7",
      // Not in SweepOutbox's entry: never read.
      STAFF_JWT_AUDIENCE: "staff",
    });
    expect(config).toEqual({
      TABLE_NAME: "petitions",
      PUBLIC_URL: "http://localhost:3000",
      SERVICE_NAME: "Petitions",
      SENDER_EMAIL: "no-reply@petitions.example.org",
      SES_CONFIGURATION_SET: "",
      THRESHOLD_FOR_MODERATION: 5,
      THRESHOLD_FOR_RESPONSE: 10_000,
      THRESHOLD_FOR_DEBATE: 100_000,
      OUTBOX_SWEEP_AFTER_MINUTES: 7,
    });
  });

  it("fails the cold start naming every missing or malformed setting of the entry", () => {
    const start = () => functionConfig("StaffPages", { PUBLIC_URL: "not a url", SIGNER_INDEX_SHARDS: "0" });
    expect(start).toThrow(ConfigError);
    for (const name of [
      "TABLE_NAME",
      "PUBLIC_URL",
      "STAFF_JWT_ISSUER",
      "STAFF_JWT_AUDIENCE",
      "SIGNER_INDEX_SHARDS",
    ]) {
      expect(start).toThrow(new RegExp(`${name}:`));
    }
  });

  it("types a function's settings from its entry: reading one the entry lacks does not compile", () => {
    const config = functionConfig("MarkDebated", { TABLE_NAME: "petitions" });
    expect(config.TABLE_NAME).toBe("petitions");
    // @ts-expect-error MarkDebated's entry does not declare PUBLIC_URL
    expect(config.PUBLIC_URL).toBeUndefined();
    const signing = functionConfig("SignPetition", { TABLE_NAME: "petitions" });
    // Routed entries get the edge's settings as well as their own.
    expect(signing.ORIGIN_SECRET).toBeUndefined();
    // @ts-expect-error SignPetition's entry does not declare SERVICE_NAME
    expect(signing.SERVICE_NAME).toBeUndefined();
    // @ts-expect-error no function has this name
    expect(() => functionConfig("NoSuchFunction", {})).toThrow(ConfigError);
  });
});

describe("the setting names the bundles carry instead of the topology", () => {
  it("decode to every entry's own settings, in order", () => {
    const decoded = decodeFunctionSettings(encodeFunctionSettings(topology));
    expect([...decoded.keys()]).toEqual(topology.map((spec) => spec.name));
    for (const spec of topology) expect(decoded.get(spec.name), spec.name).toEqual([...spec.settings]);
  });

  it("are plain words, commas, equals signs and semicolons (nothing a shell or esbuild reads)", () => {
    expect(encodeFunctionSettings(topology)).toMatch(/^[A-Za-z0-9_=,;]+$/);
    expect(decodeFunctionSettings("A=;B=X,Y").get("A")).toEqual([]);
  });
});
