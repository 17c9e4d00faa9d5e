/**
 * Bundles every topology function for real (esbuild through NodejsFunction, the same options as a
 * deploy) in one synth, and checks each asset: index.mjs with its source map, and the UK data files
 * for functions that declare DATA_DIR, the precompiled views for pages (one of which must answer
 * a request from them), the OpenAPI document's body for the function that serves it (which must
 * answer with the document the sources build), and its size: at most 400 KiB, or for the functions still
 * over that, their own ceiling. A handler module missing from disk fails this test by name.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openApiBody } from "../../functions/http/openapi-body.ts";
import { DATA_FILES, projectRoot } from "../../infra/aws/config.ts";
import { missingHandlers } from "../../infra/aws/functions.ts";
import { LOCAL_KEY_MARKER, localSigningKey } from "../../infra/local/staff-token.ts";
import { encodeFunctionSettings } from "../../shared/function-config.ts";
import { MEMBERS_SNAPSHOT, readMembers } from "../../shared/geo/members.ts";
import { readUkData, readUkDataSnapshot, tablesOf, UK_DATA_SNAPSHOT } from "../../shared/geo/uk-data.ts";
import { OPENAPI_BODY } from "../../shared/http/openapi-info.ts";
import { topology } from "../../shared/topology.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { buildStack, cleanupAssemblies } from "../support/cdk.ts";
import { pageRequest } from "../support/edge-request.ts";

/** Each bundle's size as measured (KiB), written to test-output/bundle-sizes.json for the ceilings above. */
const measured: Record<string, number> = {};
afterAll(() => {
  mkdirSync(join(projectRoot, "test-output"), { recursive: true });
  writeFileSync(
    join(projectRoot, "test-output", "bundle-sizes.json"),
    `${JSON.stringify(measured, null, 2)}\n`,
  );
  cleanupAssemblies();
});

const specs: readonly FunctionSpec[] = topology;

/** The goal for every function's bundle (index.mjs, minified), in KiB. */
const BUNDLE_LIMIT_KIB = 400;
/**
 * The functions still over the goal, each with the ceiling it must not pass (KiB): beside the SDK
 * (~188 KiB, the size of their SDK probe) and zod's mini build (~40 KiB), pages carry nunjucks' slim runtime
 * (~37 KiB; their views are precompiled beside the bundle), StaffPages every staff page. A function
 * that comes under the goal leaves this list. Each ceiling is its size when measured plus 15
 * (docs/bundles.md).
 */
const OVER_LIMIT_KIB: Partial<Record<string, number>> = {
  StaffPages: 490,
};

/**
 * What would betray the local development key in a deployed function: its marker, the old shared
 * secret, a line of the private key and its public modulus, and the module that signs with it.
 */
function developmentKeyTraces(): string[] {
  const key = localSigningKey();
  const pem = key.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const privateLine = pem.split("\n").find((line) => /^[A-Za-z0-9+/]{64}$/.test(line)) ?? "";
  expect(privateLine).not.toBe("");
  return [
    LOCAL_KEY_MARKER,
    "petitions-local-development-key-never-deployed",
    privateLine,
    String(key.jwk.n).slice(0, 64),
    "infra/local/",
  ];
}

describe("bundles", () => {
  it("copy every data file shared/geo/uk-data.ts reads", () => {
    const source = readFileSync(resolve(projectRoot, "shared/geo/uk-data.ts"), "utf8");
    // The snapshot is written at bundle time from these files, not copied.
    const named = [...source.matchAll(/"([\w.-]+\.(?:csv|json|hexjson|yml))"/g)]
      .map((match) => match[1])
      .filter((file) => file !== UK_DATA_SNAPSHOT);
    expect(named.length).toBeGreaterThan(0);
    expect([...DATA_FILES].sort()).toEqual([...new Set(named)].sort());
  });

  it("every handler module named in the topology exists", () => {
    expect(missingHandlers(specs), "handler modules named in shared/topology.ts but missing on disk").toEqual(
      [],
    );
  });

  // Bundles every entry whose handler exists (the test above fails, naming the others).
  it("bundles every function, with the data it reads", { timeout: 300_000 }, () => {
    const missing = missingHandlers(specs);
    const present = specs.filter((spec) => !missing.includes(spec.handler));
    const traces = developmentKeyTraces();
    const { app, stack } = buildStack({ bundle: true, topology: present });
    let notFoundAsset: string | undefined;
    let openApiAsset: string | undefined;
    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template as {
      Resources: Record<
        string,
        {
          Type: string;
          Properties: { Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, string> } };
        }
      >;
    };
    for (const spec of present) {
      const [, resource] =
        Object.entries(template.Resources).find(
          ([id, r]) => r.Type === "AWS::Lambda::Function" && new RegExp(`^${spec.name}[0-9A-F]{8}$`).test(id),
        ) ?? [];
      expect(resource, `function of ${spec.name}`).toBeDefined();
      const hash = resource?.Properties.Code?.S3Key?.replace(/\.zip$/, "");
      const assetDir = join(assembly.directory, `asset.${hash}`);
      expect(existsSync(join(assetDir, "index.mjs")), `${spec.name}: ${assetDir}/index.mjs`).toBe(true);
      expect(existsSync(join(assetDir, "index.mjs.map")), `${spec.name}: source map`).toBe(true);
      const code = readFileSync(join(assetDir, "index.mjs"), "utf8");
      expect(code, `${spec.name}: createRequire banner`).toMatch(
        /^import\{createRequire\}from"module"|^import \{ createRequire \}/,
      );
      expect(code, `${spec.name}: exports handler`).toMatch(/export\s*\{[^}]*\bhandler\b/);
      // Its own setting names (functionConfig), and no other function's.
      expect(code.includes(encodeFunctionSettings([spec])), `${spec.name}: its setting names`).toBe(true);
      expect(
        specs
          .filter((other) => other !== spec && code.includes(encodeFunctionSettings([other])))
          .map((o) => o.name),
        `${spec.name}: other functions' setting names`,
      ).toEqual([]);
      const kib = Buffer.byteLength(code) / 1024;
      measured[spec.name] = Math.round(kib * 10) / 10;
      const ceiling = OVER_LIMIT_KIB[spec.name];
      if (ceiling === undefined) {
        expect(kib, `${spec.name}: bundle over ${BUNDLE_LIMIT_KIB} KiB`).toBeLessThanOrEqual(
          BUNDLE_LIMIT_KIB,
        );
      } else {
        expect(kib, `${spec.name}: bundle over its ceiling of ${ceiling} KiB`).toBeLessThanOrEqual(ceiling);
        expect(
          kib,
          `${spec.name} is under ${BUNDLE_LIMIT_KIB} KiB: take it off OVER_LIMIT_KIB`,
        ).toBeGreaterThan(BUNDLE_LIMIT_KIB);
      }
      const map = readFileSync(join(assetDir, "index.mjs.map"), "utf8");
      const sources = (JSON.parse(map) as { sources: string[] }).sources;
      expect(
        sources.filter((source) => /nunjucks\/src\/(compiler|parser|lexer)\.js$/.test(source)),
        `${spec.name} carries nunjucks' compiler`,
      ).toEqual([]);
      // Pages render views precompiled beside the bundle (infra/aws/views.ts).
      for (const template of ["layout.njk", "govuk/template.njk", "govuk/components/button/template.njk"])
        expect(existsSync(join(assetDir, "templates", `${template}.cjs`)), `${spec.name}: ${template}`).toBe(
          spec.web === true,
        );
      if (spec.name === "NotFoundPage") notFoundAsset = assetDir;
      // The OpenAPI document's body was built at bundle time: no contract or converter comes along.
      if (spec.openApiBody) {
        openApiAsset = assetDir;
        expect(existsSync(join(assetDir, "data", OPENAPI_BODY)), `${spec.name}: data/${OPENAPI_BODY}`).toBe(
          true,
        );
        expect(
          sources.filter((source) => /(functions\/contracts|shared\/http\/openapi)\.ts$/.test(source)),
          `${spec.name} carries the contracts or the document's builder`,
        ).toEqual([]);
      }
      for (const trace of traces) {
        expect(
          code.includes(trace),
          `${spec.name} holds the local development key (${trace.slice(0, 24)})`,
        ).toBe(false);
        expect(map.includes(trace), `${spec.name}'s source map names ${trace.slice(0, 24)}`).toBe(false);
      }
      if ((spec.settings as readonly string[]).includes("DATA_DIR")) {
        expect(resource?.Properties.Environment?.Variables?.DATA_DIR).toBe("/var/task/data");
        for (const file of DATA_FILES) {
          const copied = join(assetDir, "data", file);
          expect(existsSync(copied), `${spec.name}: data/${file}`).toBe(true);
          const source = resolve(projectRoot, "../shared/data/uk", file);
          if (existsSync(source)) expect(statSync(copied).size).toBe(statSync(source).size);
        }
        // The data and the members as read and checked at bundle time, from the files beside them.
        const snapshot = (file: string) => JSON.parse(readFileSync(join(assetDir, "data", file), "utf8"));
        expect(readUkDataSnapshot(join(assetDir, "data")), `${spec.name}: the UK data snapshot`).toEqual(
          tablesOf(readUkData(join(assetDir, "data"))),
        );
        expect(snapshot(MEMBERS_SNAPSHOT), `${spec.name}: data/${MEMBERS_SNAPSHOT}`).toEqual(
          JSON.parse(JSON.stringify(readMembers(join(assetDir, "data")))),
        );
      } else {
        expect(existsSync(join(assetDir, "data")), `${spec.name} does not declare DATA_DIR`).toBe(false);
      }
    }

    // A deployed page renders from its bundle and its precompiled views alone.
    expect(notFoundAsset, "NotFoundPage's asset").toBeDefined();
    const notFound = present.find((spec) => spec.name === "NotFoundPage");
    expect(notFound, "NotFoundPage in the topology").toBeDefined();
    const page = answerFromBundle(join(notFoundAsset ?? "", "index.mjs"), notFound ?? {});
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('class="govuk-template');
    expect(page.body).toContain("Page not found");

    // The deployed document is the one the sources build, with the stage's name and address.
    const openApi = present.find((spec) => spec.openApiBody);
    expect(openApi && openApiAsset, "the function serving the OpenAPI document, and its asset").toBeTruthy();
    const dataDir = join(openApiAsset ?? "", "data");
    const served = answerFromBundle(join(openApiAsset ?? "", "index.mjs"), openApi ?? {}, {
      DATA_DIR: dataDir,
    });
    expect(served.statusCode, served.body.slice(0, 500)).toBe(200);
    const document = JSON.parse(served.body) as Record<string, unknown>;
    const built = JSON.parse(JSON.stringify(openApiBody(dataDir))) as Record<string, unknown>;
    expect(document.openapi).toBe(built.openapi);
    expect(document.paths).toEqual(built.paths);
    expect(document.components).toEqual(built.components);
    expect(document.servers).toEqual([{ url: "https://petitions.example.org" }]);
    expect(document.info).toMatchObject({ title: "Petitions API", version: "1" });
    expect(Object.keys(built.paths as object).length).toBeGreaterThan(50);
  });
});

/**
 * Imports a function's bundle in a fresh Node process, as Lambda would, and answers one browser
 * GET of its first public route (no route: one no route matches). DynamoDB is unreachable (a page
 * then leaves its banner out).
 */
function answerFromBundle(
  file: string,
  spec: Pick<FunctionSpec, "routes">,
  env: Record<string, string> = {},
): { statusCode: number; body: string } {
  const originSecret = "bundle-test-origin-secret-0123";
  const event = pageRequest(spec, originSecret);
  const script = [
    "const { handler } = await import(process.argv[1]);",
    "const context = { awsRequestId: 'bundle-test', functionName: 'bundle-test', getRemainingTimeInMillis: () => 3000 };",
    "const result = await handler(JSON.parse(process.argv[2]), context);",
    "process.stdout.write(JSON.stringify({ statusCode: result.statusCode, body: result.body }));",
  ].join("\n");
  const run = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", script, file, JSON.stringify(event)],
    {
      cwd: dirname(file),
      encoding: "utf8",
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        AWS_REGION: "eu-west-2",
        AWS_ACCESS_KEY_ID: "bundle-test",
        AWS_SECRET_ACCESS_KEY: "bundle-test",
        AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        POWERTOOLS_LOG_LEVEL: "CRITICAL",
        TABLE_NAME: "petitions",
        PUBLIC_URL: "https://petitions.example.org",
        SERVICE_NAME: "Petitions",
        ORIGIN_SECRET: originSecret,
        ...env,
      },
    },
  );
  expect(run.status, run.stderr.slice(-2000)).toBe(0);
  return JSON.parse(run.stdout) as { statusCode: number; body: string };
}
