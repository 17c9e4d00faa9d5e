/**
 * Every route of the topology fuzzed (test/support/fuzz.ts): never a 5xx, never a write from a
 * refused request, never a signer's personal data in an answer. FUZZ_RUNS sets the number of
 * cases (5,000 by default; the bench runs 100,000), FUZZ_SEED the seed to replay a run.
 */
import { describe, expect, it } from "vitest";
import { topology } from "../../shared/topology.ts";
import { service } from "../support/api.ts";
import { runFuzz } from "../support/fuzz.ts";

const runs = Number(process.env.FUZZ_RUNS ?? 5000);
const seed = Number(process.env.FUZZ_SEED ?? 20_260_101);

describe(`${runs} fuzzed requests across every route`, () => {
  it("never fail, never write when refused and never show anyone's personal data", async () => {
    const result = await runFuzz(service, { runs, seed });
    const report = JSON.stringify(result, null, 2);
    if (process.env.FUZZ_REPORT) process.stderr.write(`${report}\n`);

    expect(result.cases, report).toBeGreaterThanOrEqual(runs);
    expect(result.findings, report).toEqual([]);
    expect(result.serverErrors).toBe(0);
    expect(result.writesFromRefusals).toBe(0);
    expect(result.leaks).toBe(0);
    // The write property was actually checked, on most of the refusals.
    expect(result.phasesChecked, report).toBeGreaterThan(0);
    expect(result.refusalsChecked, report).toBeGreaterThan(runs / 2);
    // Every route was exercised, and both refusals and acceptances happened.
    const routes = topology.flatMap((f) => (f.routes ?? []).map((r) => `${r.method} ${r.path}`));
    for (const route of routes) expect(result.byRoute[route] ?? 0, route).toBeGreaterThan(0);
    expect(result.byStatusClass["2xx"]).toBeGreaterThan(0);
    expect(result.byStatusClass["4xx"]).toBeGreaterThan(0);
  });
});
