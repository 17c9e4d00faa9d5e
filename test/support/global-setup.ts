/**
 * Starts the local engine once per test run, in memory, on free ports, so two runs never
 * collide; always stops it, also when start-up fails half way.
 */
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
};

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  const { freePort } = await import("../../infra/local/emulators.ts");
  const { startEngine, projectRoot } = await import("../../infra/local/engine.ts");
  const [port, dynamoPort, sesPort] = [await freePort(), await freePort(), await freePort()];
  const engine = await startEngine({
    root: projectRoot,
    port,
    dynamoPort,
    sesPort,
    dataPath: null,
    scheduleIntervalSeconds: 0,
    settings: TEST_SETTINGS,
    log: (line) => process.stderr.write(`[engine] ${line}\n`),
  });
  project.provide("baseUrl", engine.url);
  project.provide("dynamoEndpoint", engine.dynamoEndpoint);
  project.provide("sesEndpoint", engine.sesEndpoint);
  project.provide("tableName", engine.tableName);
  return async () => {
    await engine.stop();
  };
}
