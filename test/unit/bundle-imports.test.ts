/**
 * Imports that decide what a Lambda bundle carries. zod comes through `shared/zod.ts`: its mini
 * build, whose schemas are functions esbuild can drop when unused (about 40 KB of a bundle, against
 * ~95 KB for the classic build, whose schema classes carry every method), with English messages;
 * and as a namespace (`import * as z`), since a named import of zod's `z` binds its whole
 * namespace object, every locale included, as a value. The credential module that the bundles put
 * in place of the SDK's default chain keeps that chain's exports and gives the environment's
 * credentials. The event-stream stand-in is safe because no operation of any client the bundles
 * carry has an event-stream member, and the endpoint-cache stand-in because no command of theirs
 * discovers endpoints. package.json's `sideEffects` names each module that must stay
 * for what it does as it is imported, so esbuild may drop any other a bundle uses nothing of.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NormalizedSchema } from "@smithy/core/schema";
import { describe, expect, it, vi } from "vitest";
import { projectManifest, projectRoot, sdkClientDependencies, sourcesUnder } from "../support/sources.ts";

/** An import or re-export naming zod's packages themselves, rather than shared/zod.ts. */
const ZOD_PACKAGE = /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']zod(?:\/[^"']*)?["']/m;
/** An import of shared/zod.ts, as a namespace or otherwise. */
const SHARED_ZOD = /\bimport\s+(?:type\s+)?([^;]*?)\s*from\s*["'](?:\.\.?\/)+(?:shared\/)?zod\.ts["']/g;

describe("zod imports", () => {
  it("the checks recognise zod's packages and a named import of shared/zod.ts", () => {
    expect(ZOD_PACKAGE.test('import * as z from "zod";')).toBe(true);
    expect(ZOD_PACKAGE.test('import type { ZodError } from "zod/mini";')).toBe(true);
    expect(ZOD_PACKAGE.test('export * from "zod/mini";')).toBe(true);
    expect(ZOD_PACKAGE.test('import * as z from "../zod.ts";')).toBe(false);
    expect(ZOD_PACKAGE.test("const sample = 'export { c } from \"zod\";';")).toBe(false);
    const imported = (text: string) => [...text.matchAll(SHARED_ZOD)].map((m) => m[1]);
    expect(imported('import * as z from "../../shared/zod.ts";')).toEqual(["* as z"]);
    expect(imported('import type * as z from "../zod.ts";')).toEqual(["* as z"]);
    expect(imported('import { z } from "./zod.ts";')).toEqual(["{ z }"]);
  });

  it("every module takes zod from shared/zod.ts, as a namespace", () => {
    const files = sourcesUnder("shared", "functions", "infra", "test");
    expect(files.length).toBeGreaterThan(100);
    const own = files.filter(
      ({ file }) => file !== "shared/zod.ts" && file !== "test/unit/bundle-imports.test.ts",
    );
    expect(
      own.filter(({ text }) => ZOD_PACKAGE.test(text)).map(({ file }) => file),
      'write `import * as z from "<path>/shared/zod.ts"`',
    ).toEqual([]);
    const named = own.filter(({ text }) => [...text.matchAll(SHARED_ZOD)].some((m) => m[1] !== "* as z"));
    expect(
      named.map(({ file }) => file),
      "import shared/zod.ts as `* as z`",
    ).toEqual([]);
    expect(own.filter(({ text }) => [...text.matchAll(SHARED_ZOD)].length > 0).length).toBeGreaterThan(50);
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

describe("the bundles' event-stream stand-in", () => {
  /** The names the SDK's own modules take, by dynamic import, from @smithy/core/event-streams. */
  const takenNames = (): string[] => {
    const names: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith(".js")) {
          const text = readFileSync(file, "utf8");
          for (const m of text.matchAll(/\{([^{}]*)\}\s*=\s*await import\("@smithy\/core\/event-streams"\)/g))
            names.push(
              ...(m[1] ?? "")
                .split(",")
                .map((name) => name.trim())
                .filter(Boolean),
            );
          if (/\bfrom\s*"@smithy\/core\/event-streams"/.test(text)) names.push(`static import in ${file}`);
        }
      }
    };
    walk(path.join(projectRoot, "node_modules/@smithy/core/dist-es"));
    return [...new Set(names)].sort();
  };

  it("exports every name the SDK's protocols load lazily, and fails loudly if one is reached", async () => {
    const taken = takenNames();
    expect(taken).toEqual(["EventStreamSerde", "eventStreamSerdeProvider"]);
    const standIn = await import("../../shared/aws/no-event-streams.ts");
    expect(Object.keys(standIn).sort()).toEqual(taken);
    expect(() => standIn.eventStreamSerdeProvider()).toThrow(/not in this bundle/);
    expect(() => new standIn.EventStreamSerde()).toThrow(/not in this bundle/);
  });

  /** A client module's operation schemas (`<Operation>$`: [9, namespace, name, traits, input, output]). */
  const operationsOf = (module: Record<string, unknown>) =>
    Object.entries(module).filter(
      ([name, value]) => name.endsWith("$") && Array.isArray(value) && value[0] === 9,
    );

  /** `client.operation.member` for each event-stream member of an operation's input or output. */
  const eventStreamMembers = (label: string, module: Record<string, unknown>): string[] =>
    operationsOf(module).flatMap(([name, operation]) =>
      [(operation as unknown[])[4], (operation as unknown[])[5]]
        .map((schema) => NormalizedSchema.of(schema as never).getEventStreamMember())
        .filter(Boolean)
        .map((member) => `${label}.${name}.${member}`),
    );

  it("the check finds an event-stream member where an operation has one", () => {
    const events$ = [4, "ns", "Events", 0, ["record"], [0]];
    const input$ = [3, "ns", "In", 0, ["stream"], [[() => events$, { streaming: 1 }]]];
    expect(eventStreamMembers("sample", { Select$: [9, "ns", "Select", 0, () => input$, () => 0] })).toEqual([
      "sample.Select$.stream",
    ]);
  });

  it("no client the bundles carry has an operation with an event-stream member", async () => {
    const clients = sdkClientDependencies();
    expect(clients.length).toBeGreaterThanOrEqual(3);
    for (const client of clients) {
      const module = (await import(client)) as Record<string, unknown>;
      expect(operationsOf(module).length, client).toBeGreaterThan(0);
      expect(eventStreamMembers(client, module)).toEqual([]);
    }
  });
});

describe("the bundles' endpoint-cache stand-in", () => {
  /** A middleware of endpoint discovery, by its name or tag, in a client's stack with a command's. */
  const discovering = (stack: { identify(): string[] }): string[] =>
    stack.identify().filter((entry) => /endpointDiscovery/i.test(entry));

  /** Each command's whole stack (the client's, then the command's own) as it is resolved for a send. */
  const commandStacks = async (pkg: string) => {
    const module = (await import(pkg)) as Record<string, unknown>;
    const [, Client] =
      Object.entries(module).find(
        ([name, value]) => /^\w+Client$/.test(name) && typeof value === "function",
      ) ?? [];
    if (!Client) throw new Error(`${pkg}: no client class`);
    const client = new (Client as new (config: object) => SdkClient)({
      region: "eu-west-2",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    });
    const commands = Object.entries(module).filter(
      ([name, value]) =>
        name.endsWith("Command") &&
        typeof (value as { prototype?: { resolveMiddleware?: unknown } })?.prototype?.resolveMiddleware ===
          "function",
    );
    return {
      client,
      stacks: commands.map(([name, Command]) => {
        const command = new (Command as new (input: object) => SdkCommand)({});
        command.resolveMiddleware(client.middlewareStack, client.config, {});
        return { name, stack: client.middlewareStack.concat(command.middlewareStack) };
      }),
    };
  };

  interface Stack {
    identify(): string[];
    concat(other: Stack): Stack;
  }
  interface SdkClient {
    middlewareStack: Stack;
    config: Record<string, unknown>;
  }
  interface SdkCommand {
    middlewareStack: Stack;
    resolveMiddleware(stack: Stack, config: object, options: object): unknown;
  }

  it("has the real cache's methods, holds no endpoint, and refuses to hold one", async () => {
    const { EndpointCache: Real } = await import("@aws-sdk/endpoint-cache");
    const { EndpointCache: StandIn } = await import("../../shared/aws/no-endpoint-cache.ts");
    const methods = (cls: { prototype: object }) => Object.getOwnPropertyNames(cls.prototype).sort();
    expect(methods(StandIn)).toEqual(methods(Real));
    const cache = new StandIn();
    expect([cache.has("k"), cache.get("k"), cache.getEndpoint("k")]).toEqual([false, undefined, undefined]);
    expect(() => cache.set("k", [{ Address: "x", CachePeriodInMinutes: 1 }])).toThrow(/not in this bundle/);
  });

  it("the check finds endpoint discovery where a command uses it", async () => {
    const { getEndpointDiscoveryPlugin } = await import("@aws-sdk/middleware-endpoint-discovery");
    const { client, stacks } = await commandStacks("@aws-sdk/client-dynamodb");
    const [first] = stacks;
    if (!first) throw new Error("DynamoDB: no command");
    const { stack } = first;
    expect(discovering(stack)).toEqual([]);
    // What a command of a client that discovers endpoints adds to its stack.
    getEndpointDiscoveryPlugin(client.config as never, {
      isDiscoveredEndpointRequired: false,
      clientStack: client.middlewareStack as never,
    }).applyToStack(stack as never);
    expect(discovering(stack)).toEqual(["endpointDiscoveryMiddleware - build"]);
  });

  it("no command of any client the bundles carry discovers endpoints, so the cache goes unused", async () => {
    const clients = sdkClientDependencies();
    expect(clients).toContain("@aws-sdk/client-dynamodb");
    for (const pkg of clients) {
      const { stacks } = await commandStacks(pkg);
      expect(stacks.length, pkg).toBeGreaterThan(0);
      for (const { name, stack } of stacks) {
        expect(stack.identify().length, `${pkg} ${name}`).toBeGreaterThan(5);
        expect(discovering(stack), `${pkg} ${name}`).toEqual([]);
      }
    }
  });
});

/**
 * package.json's `sideEffects` names the modules that act when imported; esbuild drops any other
 * module none of whose exports a bundle uses. A module's act is a statement at its top level that
 * is not a declaration, import or export (the formatter starts each at column 0), or a
 * declaration that awaits.
 */
const TOP_LEVEL_ACT =
  /^(?!(?:import|export|const|let|var|function|async function|class|abstract class|interface|type|declare|enum)\b)[A-Za-z_$(]|^(?:export\s+)?(?:const|let|var)\b[^\n]*=\s*await\b/m;

/** Every module that acts at import, and why a bundle may or may not go without it. */
const ACTS_AT_IMPORT = {
  // Sets zod's English messages, which every schema's answers quote, though no module imports a
  // name it declares (its exports are zod's own): it must stay wherever zod is.
  "shared/zod.ts": "listed",
  // Reads the hash key's secret at a cold start, for its own exports only: a bundle that never
  // hashes needs no key.
  "shared/hash-key.ts": "droppable",
  // `void unnamed`: a compile-time check that every template has a name; nothing happens.
  "shared/mail/templates.ts": "droppable",
} as const;

describe("modules that act when imported", () => {
  it("the check finds a top-level act and passes over declarations", () => {
    const acts = (text: string) => TOP_LEVEL_ACT.test(text);
    expect(acts("z.config(en());")).toBe(true);
    expect(acts("if (process.env.X) {\n  await read();\n}")).toBe(true);
    expect(acts("void unnamed;")).toBe(true);
    expect(acts("export const keys = await load();")).toBe(true);
    expect(acts("const schema = z.object({\n  id: z.string(),\n});\nexport function f() {\n  g();\n}")).toBe(
      false,
    );
    expect(
      acts('import * as z from "./zod.ts";\nexport * from "zod/mini";\ninterface A {}\ntype B = A;'),
    ).toBe(false);
  });

  it("each one is classified, and package.json's sideEffects lists exactly those that must stay", async () => {
    const { topology } = await import("../../shared/topology.ts");
    const entries = new Set(topology.map((spec) => spec.handler));
    const acting = sourcesUnder("shared", "functions")
      .filter(({ file, text }) => !entries.has(file) && TOP_LEVEL_ACT.test(text))
      .map(({ file }) => file)
      .sort();
    expect(acting, "classify each in ACTS_AT_IMPORT").toEqual(Object.keys(ACTS_AT_IMPORT).sort());
    expect(projectManifest().sideEffects).toEqual(
      Object.entries(ACTS_AT_IMPORT)
        .filter(([, kind]) => kind === "listed")
        .map(([file]) => `./${file}`),
    );
  });
});
