/**
 * Starts the local engine once per test run, in memory, on free ports, so two runs never
 * collide; always stops it, also when start-up fails half way.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dynamoEndpoint: string;
    sesEndpoint: string;
    tableName: string;
  }
}

/** Small thresholds so tests can cross them with a few signatures. */
export const TEST_SETTINGS = {
  THRESHOLD_FOR_MODERATION: "5",
  MAX_SPONSORS: "8",
  THRESHOLD_FOR_RESPONSE: "10",
  THRESHOLD_FOR_DEBATE: "20",
  REPORT_EMAIL: "committee@petitions.test",
  SERVICE_NAME: "Petitions",
  MAIL_RATE_PER_SECOND: "1000",
  TRENDING_THRESHOLD: "3",
  TRENDING_NOTIFY_THRESHOLD: "4",
};

/**
 * A browser connects from 127.0.0.1 only, so every person of the browser tests is one viewer to
 * the edge: their engine allows that one address as many signatures as the tests make.
 */
export const BROWSER_SETTINGS = {
  RATE_BURST: "1000",
  RATE_SUSTAINED: "1000",
  RATE_CREATOR: "1000",
  RATE_SPONSOR: "1000",
};

/** Where the engine's functions' log lines go (test/integration/security.test.ts scans them). */
export const ENGINE_LOG = resolve(import.meta.dirname, "../../test-output/engine.log");

/**
 * The functions log JSON lines (Powertools): info to this process's stdout, warnings and errors
 * to its stderr. Both go to ENGINE_LOG instead, so the console stays quiet and the security
 * test can read every line.
 */
function captureEngineLogs(): WriteStream {
  mkdirSync(dirname(ENGINE_LOG), { recursive: true });
  const file = createWriteStream(ENGINE_LOG, { flags: "w" });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : null;
      if (text?.startsWith('{"') && text.includes('"level"')) {
        file.write(text.endsWith("\n") ? text : `${text}\n`);
        const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
        callback?.();
        return true;
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return file;
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  // The engine's loggers read the level when startEngine preloads the handlers; the test workers
  // (forked later) get the quiet level back.
  const quietLevel = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = "INFO";
  const engineLog = captureEngineLogs();
  const { startEngineOnFreePorts } = await import("../../infra/local/engine.ts");
  const engine = await startEngineOnFreePorts({
    settings: project.name === "e2e" ? { ...TEST_SETTINGS, ...BROWSER_SETTINGS } : TEST_SETTINGS,
    log: (line) => process.stderr.write(`[engine] ${line}\n`),
  });
  if (quietLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = quietLevel;
  project.provide("baseUrl", engine.url);
  project.provide("dynamoEndpoint", engine.dynamoEndpoint);
  project.provide("sesEndpoint", engine.sesEndpoint);
  project.provide("tableName", engine.tableName);
  return async () => {
    await engine.stop();
    await new Promise((done) => engineLog.end(done));
  };
}
