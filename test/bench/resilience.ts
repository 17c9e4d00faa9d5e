/**
 * Group `resilience` (opt-in: `npm run bench -- --resilience`, or `--only=resilience`): the fault
 * scenario of test/support/resilience.ts at 10,000 signature attempts on one petition with 10 %
 * of DynamoDB and SES calls failing, against the bench's engine. `npm test` runs the same
 * scenario at 1,000 attempts and asserts on it; here it is measured, and a broken property
 * fails the group (the figures are still the evidence).
 */
import { LocalService } from "../support/local-service.ts";
import { runResilienceScenario } from "../support/resilience.ts";
import { type BenchContext, type Figure, figure } from "./figures.ts";

/** RESILIENCE_ATTEMPTS overrides the 10,000 attempts for a quick run. */
const ATTEMPTS = Number(process.env.RESILIENCE_ATTEMPTS ?? 10_000);
const FAULT_RATE = 0.1;

export async function benchResilience(ctx: BenchContext): Promise<Figure[]> {
  const engine = await ctx.engine();
  // 10,000 attempts leave more stream work than /_local/drain's 60 s: drain in process, longer.
  class BenchService extends LocalService {
    override drain(): Promise<void> {
      return engine.drain(900_000);
    }
  }
  const service = new BenchService(
    engine.url.replace("//localhost:", "//127.0.0.1:"),
    engine.dynamoEndpoint,
    engine.tableName,
  );
  ctx.log(`resilience: ${ATTEMPTS} attempts, ${FAULT_RATE * 100} % of DynamoDB and SES calls failing`);
  const r = await runResilienceScenario(service, {
    attempts: ATTEMPTS,
    faultRate: FAULT_RATE,
    seed: 42,
    concurrency: 16,
  });
  const figures: Figure[] = [
    figure("resilience.attempts", r.attempts, "signature attempts"),
    figure("resilience.attempts_per_second", r.attempts / r.seconds, "attempts/s"),
    figure("resilience.seconds", r.seconds, "s"),
    figure("resilience.sign_requests", r.signRequests, "requests"),
    figure("resilience.confirm_requests", r.confirmRequests, "requests"),
    { ...figure("resilience.injected_faults", r.injectedFaults, "faults"), comparedWith: "10 % of calls" },
    figure("resilience.client_retries", r.clientRetries, "requests"),
    figure("resilience.validated_in_table", r.validatedInTable, "signatures"),
    figure("resilience.published", r.published, "signatures", {
      label: "validated signatures in the table (must be 1×)",
      value: r.validatedInTable,
    }),
    figure("resilience.breakdown_country_sum", r.breakdowns.country, "signatures", {
      label: "published (must be 1×)",
      value: r.published,
    }),
    figure("resilience.mail_mismatches", r.mailMismatches.length, "addresses"),
    figure("resilience.stuck_outbox", r.stuckOutbox, "messages"),
    figure("resilience.dead_letters", r.deadLetters, "records"),
  ];
  const broken = [
    r.published !== r.validatedInTable && `published ${r.published} != validated ${r.validatedInTable}`,
    (r.published < r.expectedRange[0] || r.published > r.expectedRange[1]) &&
      `published ${r.published} outside ${r.expectedRange.join("..")}`,
    r.breakdowns.country !== r.published && "country breakdown does not sum to the count",
    r.breakdowns.region !== r.published && "region breakdown does not sum to the count",
    r.breakdowns.constituencyPlusUnplaced !== r.published &&
      "constituency breakdown does not sum to the count",
    r.mailMismatches.length > 0 && `${r.mailMismatches.length} addresses with the wrong mail`,
    r.stuckOutbox > 0 && `${r.stuckOutbox} outbox messages stuck`,
    r.deadLetters > 0 && `${r.deadLetters} dead letters`,
  ].filter((x): x is string => typeof x === "string");
  for (const problem of broken) ctx.log(`resilience: PROPERTY BROKEN: ${problem}`);
  figures.push(figure("resilience.properties_broken", broken.length, "properties"));
  return figures;
}
