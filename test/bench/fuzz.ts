/**
 * Group `fuzz` (issue 8): 100,000 fuzzed requests over every route (test/support/fuzz.ts), the
 * same run `npm test` makes at 5,000. Opt-in (`--fuzz` or `--only=fuzz`): it takes minutes.
 * Figures: cases/s and the counts; any 5xx, write from a refusal or leak is a bug.
 */

import { runFuzz } from "../support/fuzz.ts";
import { LocalService } from "../support/local-service.ts";
import { type BenchContext, type Figure, figure } from "./figures.ts";

const RUNS = 100_000;
const SEED = 20_260_101;
const NONE = { label: "none allowed", value: 0 };

export async function benchFuzz(ctx: BenchContext): Promise<Figure[]> {
  const engine = await ctx.engine();
  const service = new LocalService(engine.url, engine.dynamoEndpoint, engine.tableName);
  const result = await runFuzz(service, { runs: RUNS, seed: SEED, log: ctx.log });
  for (const finding of result.findings)
    ctx.log(`fuzz: ${finding.kind} ${finding.request} → ${finding.status}: ${finding.detail}`);
  return [
    figure("fuzz.cases", result.cases, "requests"),
    figure("fuzz.rate", result.cases / result.seconds, "cases/s"),
    figure("fuzz.seconds", result.seconds, "s"),
    figure("fuzz.status.2xx", result.byStatusClass["2xx"], "answers"),
    figure("fuzz.status.3xx", result.byStatusClass["3xx"], "answers"),
    figure("fuzz.status.4xx", result.byStatusClass["4xx"], "answers"),
    figure("fuzz.server_errors", result.serverErrors, "answers", NONE),
    figure("fuzz.transport_resets", result.transportResets, "requests"),
    figure("fuzz.writes_from_refusals", result.writesFromRefusals, "items", NONE),
    figure("fuzz.leaks", result.leaks, "answers", NONE),
    figure("fuzz.refusals_checked", result.refusalsChecked, "requests"),
    figure("fuzz.phases_unchecked", result.phasesUnchecked, "phases"),
  ];
}
