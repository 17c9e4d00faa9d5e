/**
 * Group `bundles`: every topology function bundled as a deploy bundles it (esbuild with the CDK
 * stack's options from infra/aws/functions.ts), then each bundle's size and its cold import
 * time: the median over fresh `node` processes that import the bundle with the function's own
 * environment, as Lambda's init phase would (module scope: config, SDK clients, data, views).
 * Beside each function, in the same rounds, its SDK-only probe (test/bench/sdk-probe.ts): a
 * bundle of only the SDK clients it uses, imported before and after each block of the functions
 * that share it (test/bench/paired-imports.ts). The goals: every bundle at most BYTES_LIMIT, and
 * every cold import at most IMPORT_OVER_PROBE_LIMIT times its probe's: the ratio of the two
 * medians, and beside it the median of each round's ratio to the probe imports around it.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { DATA_FILES } from "../../infra/aws/config.ts";
import { DATA_SNAPSHOTS, dataSnapshotDir } from "../../infra/aws/data-snapshot.ts";
import { bundleAliases, type SettingValues } from "../../infra/aws/functions.ts";
import { openApiBodyDir } from "../../infra/aws/openapi-snapshot.ts";
import { precompiledViewsDir } from "../../infra/aws/views.ts";
import { OPENAPI_BODY } from "../../shared/http/openapi-info.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { pageRequest } from "../support/edge-request.ts";
import { type BenchContext, type Figure, figure, median, pool } from "./figures.ts";
import { importBlocks, pairedRatios } from "./paired-imports.ts";
import { probeName, probeSource, sdkClientsIn } from "./sdk-probe.ts";

/** At least this many fresh processes per function (issue 2); more while the budget allows. */
const MIN_RUNS = 15;
const MAX_RUNS = 21;
/** Functions between two imports of their probe. */
const BLOCK_SIZE = 6;

/** stack-cdk.md §9: CreatePetition (middy + lib-dynamodb), SDK bundled, mainFields module/main. */
const REFERENCE_BYTES = { label: "stack-cdk §9 probe bundle, SDK inside (347,695 B)", value: 347_695 };
const REFERENCE_GZIP = { label: "stack-cdk §9 probe bundle gzip (108,411 B)", value: 108_411 };
/** The same probe bundle's import with --enable-source-maps, as production runs: 157–167 ms. */
const REFERENCE_IMPORT = { label: "stack-cdk §9 probe, source maps on (157–167 ms)", value: 162 };
/** The goals: a bundle of at most 400 KiB minified, a cold import at most 1.2× its SDK probe's. */
const BYTES_LIMIT = { label: "limit 400 KiB (409,600 B)", value: 400 * 1024 };
const IMPORT_OVER_PROBE_LIMIT = { label: "limit 1.2", value: 1.2 };

const IMPORT_SCRIPT = [
  "const started = performance.now();",
  "const module = await import(process.argv[1]);",
  "const ms = performance.now() - started;",
  "if (typeof module.handler !== 'function') { console.error('no handler export'); process.exit(3); }",
  "process.stdout.write(String(ms));",
].join("\n");

/**
 * A page function's first request after its cold import, then a second: the handler answers one
 * browser GET of its first page route (or of a path no route matches). Pages render views
 * precompiled beside the bundle; the first request loads the templates the page uses.
 */
const FIRST_REQUEST_SCRIPT = [
  "const { handler } = await import(process.argv[1]);",
  "const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 3000 };",
  "const event = () => JSON.parse(process.argv[2]);",
  "let started = performance.now();",
  "const first = await handler(event(), context);",
  "const firstMs = performance.now() - started;",
  "started = performance.now();",
  "await handler(event(), context);",
  "const secondMs = performance.now() - started;",
  "process.stdout.write(JSON.stringify({ firstMs, secondMs, status: first.statusCode }));",
].join("\n");
/** Fresh processes per page function for its first request. */
const FIRST_REQUEST_RUNS = 7;
const BENCH_ORIGIN_SECRET = "bench-origin-secret-0123456789";

/**
 * DynamoDB as a page's first request meets it here: an HTTP server on loopback answering every
 * call at once with an empty result (every read finds nothing), so the figure is the function's
 * own work, not a network's.
 */
async function standInDynamoDb(): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import("node:http");
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
      response.end("{}");
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("stand-in DynamoDB has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

function runScript(
  bundle: Bundle,
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", script, pathToFileURL(bundle.file).href, ...args],
      {
        cwd: bundle.dir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolveRun(out);
      else reject(new Error(`${bundle.label}: failed (exit ${code}): ${err.trim().slice(-800)}`));
    });
  });
}

interface Bundle {
  /** The function's name, or `probe:<clients>`. */
  label: string;
  dir: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  env: Record<string, string>;
}

/**
 * Bundles every function with the flags NodejsFunction passes to esbuild for these options
 * (aws-lambda-nodejs buildEsbuildArgs) and the entry's own defines, one esbuild run per set of
 * defines, all at once: without code splitting each entry point is bundled on its own, exactly
 * as one build per function.
 */
export async function bundleAll(
  root: string,
  entries: readonly { in: string; out: string; define?: Record<string, string> }[],
  outDir: string,
  options: typeof import("../../infra/aws/functions.ts").bundlingOptions,
): Promise<Metafile> {
  // One build per set of defines (each function has its own: infra/aws/functions.ts `defineFor`).
  const groups = new Map<
    string,
    { define: Record<string, string>; entries: { in: string; out: string }[] }
  >();
  for (const entry of entries) {
    const define = entry.define ?? { ...options.define };
    const key = JSON.stringify(define);
    const group = groups.get(key) ?? { define, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  const results = await Promise.all(
    [...groups.values()].map(({ define, entries: group }) =>
      build({
        entryPoints: group.map((entry) => ({ in: entry.in, out: `${entry.out}/index` })),
        outExtension: { ".js": options.format === "esm" ? ".mjs" : ".js" },
        bundle: true,
        outdir: outDir,
        platform: "node",
        format: options.format === "esm" ? "esm" : "cjs",
        target: options.target,
        minify: options.minify,
        sourcemap: options.sourceMap,
        sourcesContent: options.sourcesContent,
        mainFields: [...options.mainFields],
        banner: { js: options.banner },
        alias: bundleAliases(),
        define,
        logLevel: "warning",
        absWorkingDir: root,
        // The probes' sources are written outside the project.
        nodePaths: [resolve(root, "node_modules")],
        metafile: true,
      }),
    ),
  );
  return {
    inputs: Object.assign({}, ...results.map((result) => result.metafile.inputs)),
    outputs: Object.assign({}, ...results.map((result) => result.metafile.outputs)),
  };
}

/** The inputs of each entry's bundle (metafile paths), by entry name. */
export function inputsByEntry(metafile: Metafile, outDir: string, root: string): Map<string, string[]> {
  const byEntry = new Map<string, string[]>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const match = resolve(root, file).match(/([^/]+)\/index\.m?js$/);
    if (match?.[1] && resolve(root, file).startsWith(outDir))
      byEntry.set(match[1], Object.keys(output.inputs));
  }
  return byEntry;
}

/** What the CDK stack's afterBundling hook puts beside a web function's bundle. */
function copyWebFiles(target: string, outDir: string): void {
  cpSync(precompiledViewsDir(target), join(outDir, "templates"), { recursive: true });
}

/** What the CDK stack's afterBundling hook puts in the data directory of a function that reads it. */
function copyDataFiles(dataDir: string, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const file of DATA_FILES) cpSync(join(dataDir, file), join(outDir, file));
  for (const file of DATA_SNAPSHOTS) cpSync(join(dataSnapshotDir(dataDir), file), join(outDir, file));
}

async function importOnce(bundle: Bundle): Promise<number> {
  const ms = Number(await runScript(bundle, IMPORT_SCRIPT, [], bundle.env));
  if (!Number.isFinite(ms)) throw new Error(`${bundle.label}: no import time`);
  return ms;
}

export async function benchBundles(ctx: BenchContext): Promise<Figure[]> {
  const started = Date.now();
  const { topology } = await import("../../shared/topology.ts");
  const { bundlingOptions, defineFor, environmentFor, missingHandlers } = await import(
    "../../infra/aws/functions.ts"
  );
  const missing = missingHandlers(topology);
  if (missing.length > 0) throw new Error(`handler modules missing on disk: ${missing.join(", ")}`);

  const dataDir = resolve(ctx.root, "../shared/data/uk");
  if (!existsSync(join(dataDir, "regions.csv"))) throw new Error(`no UK data in ${dataDir}`);
  const values: SettingValues = {
    TABLE_NAME: "petitions",
    PUBLIC_URL: "https://petitions.example.org",
    SENDER_EMAIL: "no-reply@petitions.example.org",
    REPORT_EMAIL: "committee@petitions.example.org",
    DATA_DIR: dataDir,
    // Values, not secret ARNs: a cold import here reads no secret from Secrets Manager.
    ORIGIN_SECRET: BENCH_ORIGIN_SECRET,
    HASH_KEY: "bench-hash-key-0123456789abcdef",
    // What the stack passes from its Cognito user pool (an issuer URL and a client id).
    STAFF_JWT_ISSUER: "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_bench",
    STAFF_JWT_AUDIENCE: "bench-staff-client",
  };

  const work = mkdtempSync(join(tmpdir(), "petitions-bench-bundles-"));
  try {
    const metafile = await bundleAll(
      ctx.root,
      topology.map((spec) => ({
        in: resolve(ctx.root, spec.handler),
        out: spec.name,
        define: defineFor(spec),
      })),
      work,
      bundlingOptions,
    );
    const inputs = inputsByEntry(metafile, work, ctx.root);
    // Lambda's own variables (the runtime's flags as environmentFor gives them).
    const lambdaEnv = (name: string, memoryMB: number) => ({
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      TZ: ":UTC",
      LANG: "en_US.UTF-8",
      AWS_REGION: "eu-west-2",
      AWS_DEFAULT_REGION: "eu-west-2",
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMB),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    const measured = (label: string, dir: string, env: Record<string, string>): Bundle => {
      const file = join(dir, "index.mjs");
      const code = readFileSync(file);
      return { label, dir, file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, env };
    };
    const bundles: Bundle[] = topology.map((spec) => {
      const dir = join(work, spec.name);
      if (spec.web) copyWebFiles(bundlingOptions.target, dir);
      const needsData = (spec.settings as readonly string[]).includes("DATA_DIR");
      if (needsData) copyDataFiles(dataDir, join(dir, "data"));
      if (spec.openApiBody)
        cpSync(join(openApiBodyDir(dataDir), OPENAPI_BODY), join(dir, "data", OPENAPI_BODY));
      // Then exactly what the stack gives the function (its data beside it, as on Lambda).
      const env = {
        ...lambdaEnv(spec.name, spec.memoryMB ?? 512),
        ...environmentFor(spec, { ...values, ...(needsData ? { DATA_DIR: join(dir, "data") } : {}) }),
      };
      return measured(spec.name, dir, env);
    });

    // Each function's SDK-only probe, one per distinct set of clients.
    const probeOf = new Map<string, string>();
    const probeClients = new Map<string, string[]>();
    for (const spec of topology) {
      const clients = sdkClientsIn(inputs.get(spec.name) ?? []);
      const name = `probe-${probeName(clients)}`;
      probeOf.set(spec.name, name);
      probeClients.set(name, clients);
    }
    const probeSources = join(work, "probe-sources");
    mkdirSync(probeSources);
    for (const [name, clients] of probeClients)
      writeFileSync(join(probeSources, `${name}.mjs`), probeSource(clients));
    await bundleAll(
      ctx.root,
      [...probeClients.keys()].map((name) => ({ in: join(probeSources, `${name}.mjs`), out: name })),
      work,
      bundlingOptions,
    );
    const { NODE_OPTIONS } = environmentFor(topology[0] as FunctionSpec, {});
    const probes = new Map(
      [...probeClients.keys()].map((name) => [
        name,
        measured(name, join(work, name), {
          ...lambdaEnv(name, 512),
          ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}),
        }),
      ]),
    );
    ctx.log(
      `bundles: ${bundles.length} functions bundled in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // Rounds over all functions, so a change in machine load spreads over every function
    // instead of landing on one, in blocks between two imports of their probe. One process at a
    // time, unless MIN_RUNS rounds would not fit the budget: then one block per core (at most 2),
    // reported as bundles.cold_import.processes_at_once.
    const everything = [...bundles, ...probes.values()];
    const byLabel = new Map(everything.map((b) => [b.label, b]));
    const blocks = importBlocks(probeOf, BLOCK_SIZE);
    const times = new Map<string, number[]>(everything.map((b) => [b.label, []]));
    const paired = new Map<string, number[]>(bundles.map((b) => [b.label, []]));
    const bundleNamed = (label: string) => {
      const bundle = byLabel.get(label);
      if (!bundle) throw new Error(`no bundle ${label}`);
      return bundle;
    };
    let atOnce = 1;
    const roundStarted = Date.now();
    for (let round = 0; round < MAX_RUNS; round++) {
      const perRound = round === 0 ? 0 : (Date.now() - roundStarted) / round;
      if (round >= MIN_RUNS && Date.now() - started + perRound > ctx.budgetMs) break;
      if (round === 1 && atOnce === 1 && Date.now() - started + perRound * (MIN_RUNS - 1) > ctx.budgetMs) {
        atOnce = Math.max(1, Math.min(2, availableParallelism()));
        if (atOnce > 1) ctx.log(`bundles: ${atOnce} blocks at once to stay within the budget`);
      }
      await pool(blocks, atOnce, async (block) => {
        const probe = bundleNamed(block.probe);
        const probeBefore = await importOnce(probe);
        const functions = new Map<string, number>();
        for (const label of block.functions) functions.set(label, await importOnce(bundleNamed(label)));
        const probeAfter = await importOnce(probe);
        times.get(probe.label)?.push(probeBefore, probeAfter);
        for (const [label, ms] of functions) times.get(label)?.push(ms);
        for (const [label, ratio] of pairedRatios({ probeBefore, functions, probeAfter }))
          paired.get(label)?.push(ratio);
      });
    }

    const figures: Figure[] = [];
    const medians: number[] = [];
    const overProbe: number[] = [];
    const overProbePaired: number[] = [];
    for (const b of bundles) {
      const ms = median(times.get(b.label) ?? []);
      medians.push(ms);
      const key = `bundles.${b.label}`;
      const probe = probes.get(probeOf.get(b.label) ?? "");
      if (!probe) throw new Error(`${b.label}: no SDK probe`);
      const probeMs = median(times.get(probe.label) ?? []);
      overProbe.push(ms / probeMs);
      const pairedRatio = median(paired.get(b.label) ?? []);
      overProbePaired.push(pairedRatio);
      figures.push(
        figure(`${key}.bytes`, b.bytes, "B", REFERENCE_BYTES),
        figure(`${key}.gzip`, b.gzipBytes, "B", REFERENCE_GZIP),
        figure(`${key}.cold_import`, ms, "ms", REFERENCE_IMPORT),
        figure(`${key}.bytes_of_limit`, b.bytes, "B", BYTES_LIMIT),
        figure(`${key}.sdk_probe_bytes`, probe.bytes, "B", { label: probe.label, value: probe.bytes }),
        figure(`${key}.sdk_probe_import`, probeMs, "ms", { label: probe.label, value: probeMs }),
        figure(`${key}.cold_import_over_probe`, ms / probeMs, "×", IMPORT_OVER_PROBE_LIMIT),
        figure(`${key}.cold_import_over_probe_paired`, pairedRatio, "×", IMPORT_OVER_PROBE_LIMIT),
      );
    }
    // Each page function's first request after its cold import, against the stand-in DynamoDB.
    const dynamodb = await standInDynamoDb();
    try {
      for (const spec of topology.filter((entry) => entry.web)) {
        const bundle = bundles.find((b) => b.label === spec.name);
        if (!bundle) continue;
        const env = {
          ...bundle.env,
          AWS_ACCESS_KEY_ID: "bench",
          AWS_SECRET_ACCESS_KEY: "bench",
          AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
          POWERTOOLS_LOG_LEVEL: "CRITICAL",
        };
        const runs: { firstMs: number; secondMs: number; status: number }[] = [];
        for (let run = 0; run < FIRST_REQUEST_RUNS; run++)
          runs.push(
            JSON.parse(
              await runScript(
                bundle,
                FIRST_REQUEST_SCRIPT,
                [JSON.stringify(pageRequest(spec, BENCH_ORIGIN_SECRET))],
                env,
              ),
            ),
          );
        const key = `bundles.${spec.name}`;
        figures.push(
          figure(`${key}.first_request`, median(runs.map((r) => r.firstMs)), "ms"),
          figure(`${key}.second_request`, median(runs.map((r) => r.secondMs)), "ms"),
          figure(`${key}.first_request_status`, runs[0]?.status ?? 0, "HTTP status"),
        );
      }
    } finally {
      await dynamodb.close();
    }

    const largest = Math.max(...bundles.map((b) => b.bytes));
    const runs = Math.min(...[...times.values()].map((t) => t.length));
    figures.push(
      figure("bundles.functions", bundles.length, "functions"),
      figure(
        "bundles.total_bytes",
        bundles.reduce((sum, b) => sum + b.bytes, 0),
        "B",
      ),
      figure("bundles.cold_import.median_of_medians", median(medians), "ms", REFERENCE_IMPORT),
      figure("bundles.cold_import.slowest", Math.max(...medians), "ms", REFERENCE_IMPORT),
      figure("bundles.cold_import.runs_per_function", runs, "processes"),
      figure("bundles.cold_import.processes_at_once", atOnce, "processes"),
      figure("bundles.largest_bytes", largest, "B", BYTES_LIMIT),
      figure(
        "bundles.functions_over_bytes_limit",
        bundles.filter((b) => b.bytes > BYTES_LIMIT.value).length,
        "functions",
      ),
      figure("bundles.cold_import_over_probe.worst", Math.max(...overProbe), "×", IMPORT_OVER_PROBE_LIMIT),
      figure("bundles.cold_import_over_probe.median", median(overProbe), "×", IMPORT_OVER_PROBE_LIMIT),
      figure(
        "bundles.functions_over_import_limit",
        overProbe.filter((ratio) => ratio > IMPORT_OVER_PROBE_LIMIT.value).length,
        "functions",
      ),
      figure(
        "bundles.cold_import_over_probe_paired.worst",
        Math.max(...overProbePaired),
        "×",
        IMPORT_OVER_PROBE_LIMIT,
      ),
      figure(
        "bundles.cold_import_over_probe_paired.median",
        median(overProbePaired),
        "×",
        IMPORT_OVER_PROBE_LIMIT,
      ),
      figure(
        "bundles.functions_over_import_limit_paired",
        overProbePaired.filter((ratio) => ratio > IMPORT_OVER_PROBE_LIMIT.value).length,
        "functions",
      ),
      figure("bundles.sdk_probes", probes.size, "bundles"),
    );
    return figures;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
