/**
 * `npm run bench`: runs every benchmark group of the project, prints one table (figure, value,
 * unit, compared with, ratio) and writes the same to bench/results.json.
 *
 *   npm run bench                      every default group (< 10 minutes on 2 cores)
 *   npm run bench -- --only=signing    one group (bundles, signing, saturation, read-api, resilience)
 *   npm run bench -- --only=hot        one petition as hard as the engine allows, writes/s per item
 *   npm run bench -- --resilience      adds the fault-injection run (10,000 attempts)
 *   npm run bench -- --fuzz            adds the fuzzing run (100,000 requests)
 *   npm run bench -- --all             every group, the long opt-in ones too (mail, resilience)
 *
 * A run of some groups only replaces those groups' figures in bench/results.json and keeps the
 * others, with each group's own date and commit in `meta.groups`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Engine } from "../../infra/local/engine.ts";
import { type BenchContext, type BenchGroup, type Figure, formatTable } from "./figures.ts";

// Before any handler module loads: handlers' logs and metrics would drown the report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
process.env.POWERTOOLS_DEV ??= "false";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const resultsFile = resolve(root, "bench/results.json");

interface GroupSpec {
  name: string;
  /** Soft budget in ms (the whole default run must stay under 10 minutes on this machine). */
  budgetMs: number;
  /** Runs only when asked for (--resilience or --only). */
  optIn?: boolean;
  load(): Promise<BenchGroup | null>;
}

/** A group from a file another change may not have added yet: null when the file is absent. */
async function optional(file: string, exportName: string): Promise<BenchGroup | null> {
  const path = resolve(here, file);
  if (!existsSync(path)) return null;
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const group = module[exportName];
  if (typeof group !== "function") throw new Error(`${file} does not export ${exportName}`);
  return group as BenchGroup;
}

const groups: GroupSpec[] = [
  {
    name: "bundles",
    budgetMs: 150_000,
    load: async () => (await import("./bundles.ts")).benchBundles,
  },
  {
    name: "signing",
    budgetMs: 170_000,
    load: async () => (await import("./signing.ts")).benchSigning,
  },
  {
    // The capacity model's local simulation: the signing path at a rising offered rate.
    name: "saturation",
    budgetMs: 150_000,
    load: async () => (await import("./saturation.ts")).benchSaturation,
  },
  {
    // One petition as hard as the local engine allows: writes per second per item, from the
    // engine's call log (test/bench/hot.ts). Run with --only=hot or --all.
    name: "hot",
    budgetMs: 150_000,
    optIn: true,
    load: async () => (await import("./hot.ts")).benchHot,
  },
  {
    // Thresholds' reads at 10 and 10,000 open petitions; a mass-mail job's emails/s and memory.
    name: "mail",
    budgetMs: 900_000,
    // 100,000 recipients take about ten minutes here: run with --only=mail or --all.
    optIn: true,
    load: async () => (await import("./mail.ts")).benchMail,
  },
  {
    // A bulk invalidation of 100,000 signatures (BENCH_INVALIDATE_SIGNATURES to change).
    name: "invalidation",
    budgetMs: 1_200_000,
    optIn: true,
    load: async () => (await import("./invalidation.ts")).benchInvalidation,
  },
  {
    // RESILIENCE: test/bench/resilience.ts (benchResilience), fault injection at 10,000 attempts.
    // Before read-api, whose 50,000 petitions would slow its table snapshots.
    name: "resilience",
    // 10,000 attempts at ~10/s with faults on this machine.
    budgetMs: 1_200_000,
    optIn: true,
    load: () => optional("resilience.ts", "benchResilience"),
  },
  {
    // Issue 8's fuzzing at 100,000 cases (test/bench/fuzz.ts): run with --fuzz or --only=fuzz.
    // Before read-api, whose 50,000 petitions would slow its table snapshots.
    name: "fuzz",
    budgetMs: 900_000,
    optIn: true,
    load: async () => (await import("./fuzz.ts")).benchFuzz,
  },
  {
    // READ-API: test/bench/read-api.ts (benchReadApi) is being written alongside; it joins the
    // run as soon as the file exists.
    name: "read-api",
    budgetMs: 240_000,
    load: async () => {
      const group = await optional("read-api.ts", "benchReadApi");
      if (!group) return null;
      // benchReadApi takes the engine's addresses ({ baseUrl, dynamoEndpoint, tableName, log })
      // beside the usual context.
      return async (ctx) => {
        const engine = await ctx.engine();
        const { url: baseUrl, dynamoEndpoint, tableName } = engine;
        const withoutStream = <T>(write: () => Promise<T>) => engine.withoutStream(write);
        return group({ ...ctx, baseUrl, dynamoEndpoint, tableName, withoutStream } as BenchContext);
      };
    },
  },
];

function parseArgs(argv: readonly string[]) {
  let only: string | null = null;
  let resilience = false;
  let fuzz = false;
  let all = false;
  for (const arg of argv) {
    if (arg.startsWith("--only=")) only = arg.slice("--only=".length);
    else if (arg === "--resilience") resilience = true;
    else if (arg === "--fuzz") fuzz = true;
    else if (arg === "--all") all = true;
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        `usage: npm run bench [-- --only=<group>] [-- --resilience]\ngroups: ${groups.map((g) => g.name).join(", ")}\n`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  if (only !== null && !groups.some((g) => g.name === only)) {
    throw new Error(`no group named ${only}; groups: ${groups.map((g) => g.name).join(", ")}`);
  }
  return { only, resilience, fuzz, all };
}

function gitCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" }).trim() !== "";
    return dirty ? `${commit}+uncommitted` : commit;
  } catch {
    return null;
  }
}

interface Results {
  figures: Record<string, Omit<Figure, "name">>;
  meta: {
    date: string;
    machine: { cpus: number; cpuModel: string; totalMemoryBytes: number; node: string; platform: string };
    commit: string | null;
    args: string[];
    groups: Record<
      string,
      {
        date: string;
        seconds: number;
        commit: string | null;
        /** The machine's 1-minute load average before and after: figures from a busy machine are low. */
        loadAverage: [number, number];
        error?: string;
      }
    >;
  };
}

function previousResults(): Results | null {
  try {
    return JSON.parse(readFileSync(resultsFile, "utf8")) as Results;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const { only, resilience, fuzz, all } = parseArgs(args);
  const selected = groups.filter((g) =>
    only !== null
      ? g.name === only
      : all || !g.optIn || (g.name === "resilience" && resilience) || (g.name === "fuzz" && fuzz),
  );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const commit = gitCommit();
  const runStarted = Date.now();

  let engine: Promise<Engine> | null = null;
  const sharedEngine = () => {
    engine ??= (async () => {
      const { startEngineOnFreePorts } = await import("../../infra/local/engine.ts");
      const started = Date.now();
      const running = await startEngineOnFreePorts({
        settings: {},
        log: (line) => log(`[engine] ${line}`),
      });
      log(`engine: started in ${((Date.now() - started) / 1000).toFixed(1)} s at ${running.url}`);
      return running;
    })();
    return engine;
  };

  // Ctrl-C must not leave DynamoDB Local (Java) holding its port.
  const interrupted = async (signal: NodeJS.Signals) => {
    log(`bench: ${signal}, stopping the engine`);
    if (engine) await (await (engine as Promise<Engine>).catch(() => null))?.stop();
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);

  const figures: Figure[] = [];
  const ran: Results["meta"]["groups"] = {};
  let failed = false;
  try {
    for (const group of selected) {
      const started = Date.now();
      const loadBefore = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
      const run = await group.load();
      if (!run) {
        log(`${group.name}: skipped (its file is not there yet)`);
        continue;
      }
      log(`${group.name}: running (budget ${group.budgetMs / 1000} s, load average ${loadBefore})`);
      const ctx: BenchContext = { root, args, log, engine: sharedEngine, budgetMs: group.budgetMs };
      try {
        const produced = await run(ctx);
        figures.push(...produced);
        ran[group.name] = {
          date: new Date().toISOString(),
          seconds: (Date.now() - started) / 1000,
          commit,
          loadAverage: [loadBefore, Math.round((os.loadavg()[0] ?? 0) * 100) / 100],
        };
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`${group.name}: FAILED: ${message}`);
        ran[group.name] = {
          date: new Date().toISOString(),
          seconds: (Date.now() - started) / 1000,
          commit,
          loadAverage: [loadBefore, Math.round((os.loadavg()[0] ?? 0) * 100) / 100],
          error: message.split("\n")[0] ?? message,
        };
      }
      const seconds = (Date.now() - started) / 1000;
      const over =
        seconds * 1000 > group.budgetMs * 1.2 ? ` (OVER its budget of ${group.budgetMs / 1000} s)` : "";
      log(`${group.name}: ${seconds.toFixed(1)} s${over}`);
    }
  } finally {
    if (engine) await (await (engine as Promise<Engine>).catch(() => null))?.stop();
  }

  // Replace the figures of the groups that ran; keep the others from the last report.
  const previous = previousResults();
  const kept = Object.entries(previous?.figures ?? {}).filter(
    ([name]) => !Object.keys(ran).some((group) => name.startsWith(`${group}.`)),
  );
  const results: Results = {
    figures: Object.fromEntries([...kept, ...figures.map(({ name, ...rest }) => [name, rest] as const)]),
    meta: {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        totalMemoryBytes: os.totalmem(),
        node: process.version,
        platform: `${os.platform()} ${os.arch()} ${os.release()}`,
      },
      commit,
      args,
      groups: { ...(previous?.meta.groups ?? {}), ...ran },
    },
  };
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

  process.stdout.write(`\n${formatTable(figures)}\n\n`);
  process.stdout.write(
    `${figures.length} figures in ${((Date.now() - runStarted) / 1000).toFixed(0)} s on ${os.cpus().length} CPUs, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; written to ${resultsFile}\n`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
