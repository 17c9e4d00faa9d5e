import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FunctionRunner } from "../../infra/local/functions.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { Meter, meterInto, oneInvocationAtATime } from "../bench/meter.ts";

// A handler that uses 15 ms of CPU, then waits as on a round trip until 45 ms have passed since it
// began. Process CPU time counts every thread and a timer may fire a little early, so the handler
// checks the clock itself rather than trusting either to add up.
const dir = mkdtempSync(join(tmpdir(), "meter-"));
writeFileSync(
  join(dir, "work.mjs"),
  `export const handler = async () => {
  const began = performance.now();
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if (used.user + used.system >= 15_000) break;
  }
  while (performance.now() - began < 45) {
    await new Promise((resolve) => setTimeout(resolve, 45 - (performance.now() - began)));
  }
  return "done";
};
`,
);
const spec = { name: "Work", handler: "work.mjs" } as FunctionSpec;

describe("the bench meter's unloaded figures", () => {
  const runner = new FunctionRunner(dir);
  const meter = new Meter();
  meterInto(meter);
  afterEach(() => {
    oneInvocationAtATime(false);
    meter.reset();
  });
  afterAll(() => {
    meterInto(null);
    rmSync(dir, { recursive: true, force: true });
  });

  it("keep the CPU time of an invocation that ran alone, and of no invocation that overlapped another", async () => {
    await runner.invoke(spec, {});
    await Promise.all([runner.invoke(spec, {}), runner.invoke(spec, {})]);
    const tally = meter.functions.get("Work");
    expect(tally?.invocations).toBe(3);
    expect(tally?.solo.invocations).toBe(1);
    expect(tally?.solo.cpuMs).toBeGreaterThanOrEqual(15);
    expect(tally?.solo.cpuMs).toBeLessThan(tally?.solo.ms ?? 0);
    expect(tally?.solo.ms).toBeGreaterThanOrEqual(45);
  });

  it("make invocations due at once take turns, each measured from its turn", async () => {
    oneInvocationAtATime(true);
    const started = performance.now();
    const answers = await Promise.all([
      runner.invoke(spec, {}),
      runner.invoke(spec, {}),
      runner.invoke(spec, {}),
    ]);
    const elapsed = performance.now() - started;
    expect(answers).toEqual(["done", "done", "done"]);
    const tally = meter.functions.get("Work");
    expect(tally?.solo.invocations).toBe(3);
    // Waiting for a turn is not counted: the three runs, one after the other, fit in the elapsed time.
    expect(tally?.solo.ms ?? 0).toBeLessThanOrEqual(elapsed);
    expect(tally?.solo.ms ?? 0).toBeGreaterThanOrEqual(3 * 45);
    expect(tally?.solo.cpuMs ?? 0).toBeGreaterThanOrEqual(3 * 15);
  });
});
