/**
 * Group `saturation` (the capacity model's local simulation): drives the whole signing path
 * (sign, the confirmation email from the local SES, the verify link) open-loop at a rising
 * offered rate, each step for a fixed time, and reports what the local engine achieved: confirmed
 * signatures/s, p99 latencies and errors per step, and the knee (the highest offered rate still
 * served at >= 90 % with a sign p99 under 1 s). Open-loop: arrivals do not wait for answers, so
 * queueing shows as latency, as it would with real people; in-flight work is capped so an
 * overloaded step cannot run away, and the steps stop once one achieves under half its offer.
 *
 *   SATURATION_RATES=10,20,40   SATURATION_STEP_SECONDS=5   for a quick run
 */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { type BenchContext, type Figure, figure, percentile, sleep } from "./figures.ts";
import {
  confirmSignature,
  examplePostcodes,
  Http,
  ipFor,
  MailWatcher,
  openPetition,
  person,
  sign,
  verifyLinkIn,
} from "./people.ts";

const RATES = (process.env.SATURATION_RATES ?? "10,20,40,80,160").split(",").map(Number);
const STEP_SECONDS = Number(process.env.SATURATION_STEP_SECONDS ?? 15);
/** Signatures in flight at most (arrivals beyond it are counted as shed, not sent). */
const MAX_IN_FLIGHT = 600;
/** After a step, how long its stragglers may take before the next step starts. */
const SETTLE_MS = 15_000;

interface Step {
  offered: number;
  sent: number;
  shed: number;
  confirmed: number;
  confirmedInWindow: number;
  errors: number;
  signMs: number[];
  verifyMs: number[];
  endToEndMs: number[];
}

export async function benchSaturation(ctx: BenchContext): Promise<Figure[]> {
  const engine = await ctx.engine();
  const http = new Http(engine.url);
  const mail = new MailWatcher(engine.sesEndpoint, 25, 60_000);
  const run = randomUUID().slice(0, 8);
  const postcodes = examplePostcodes(resolve(ctx.root, "../shared/data/uk"));
  let next = 3_000_000 + Math.floor(Math.random() * 1_000_000);
  const petitionId = await openPetition(
    http,
    mail,
    run,
    postcodes,
    () => engine.drain(120_000),
    () => ipFor(next++),
  );

  const steps: Step[] = [];
  let inFlight = 0;
  for (const offered of RATES) {
    const step: Step = {
      offered,
      sent: 0,
      shed: 0,
      confirmed: 0,
      confirmedInWindow: 0,
      errors: 0,
      signMs: [],
      verifyMs: [],
      endToEndMs: [],
    };
    const started = performance.now();
    const windowEnds = started + STEP_SECONDS * 1000;
    const tasks: Promise<void>[] = [];
    const one = async (n: number) => {
      const who = person(n, run, postcodes);
      const t0 = performance.now();
      try {
        await sign(http, petitionId, n, who);
        step.signMs.push(performance.now() - t0);
        const m = await mail.waitFor(who.email, /./);
        const t1 = performance.now();
        await confirmSignature(http, verifyLinkIn(m));
        const done = performance.now();
        step.verifyMs.push(done - t1);
        step.endToEndMs.push(done - t0);
        step.confirmed += 1;
        if (done <= windowEnds) step.confirmedInWindow += 1;
      } catch {
        step.errors += 1;
      } finally {
        inFlight -= 1;
      }
    };
    // Open loop: the i-th arrival is due at started + i / offered seconds.
    for (let i = 0; ; i++) {
      const due = started + (i * 1000) / offered;
      if (due >= windowEnds) break;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (inFlight >= MAX_IN_FLIGHT) {
        step.shed += 1;
        continue;
      }
      inFlight += 1;
      step.sent += 1;
      tasks.push(one(next++));
    }
    const settle = Promise.all(tasks);
    await Promise.race([settle, sleep(Math.max(0, windowEnds - performance.now()) + SETTLE_MS)]);
    steps.push(step);
    const achieved = step.confirmedInWindow / STEP_SECONDS;
    ctx.log(
      `saturation: offered ${offered}/s -> confirmed ${achieved.toFixed(1)}/s in the window, ` +
        `sign p99 ${percentile(step.signMs, 99).toFixed(0)} ms, errors ${step.errors}, shed ${step.shed}, ` +
        `still in flight ${inFlight}`,
    );
    if (achieved < offered * 0.5) break;
    // Let the previous step's stragglers finish before the next step measures.
    await Promise.race([settle, sleep(SETTLE_MS)]);
  }
  await engine.drain(120_000);

  const figures: Figure[] = [];
  let knee = 0;
  for (const s of steps) {
    const achieved = s.confirmedInWindow / STEP_SECONDS;
    const p = `saturation.offered_${s.offered}`;
    figures.push(
      figure(`${p}.confirmed_per_second`, achieved, "signatures/s", {
        label: `offered ${s.offered}/s`,
        value: s.offered,
      }),
      figure(`${p}.sign_p99`, percentile(s.signMs, 99), "ms"),
      figure(`${p}.verify_p99`, percentile(s.verifyMs, 99), "ms"),
      figure(`${p}.end_to_end_p50`, percentile(s.endToEndMs, 50), "ms"),
      figure(`${p}.errors`, s.errors + s.shed, "signatures"),
    );
    if (achieved >= s.offered * 0.9 && percentile(s.signMs, 99) < 1000 && s.errors + s.shed === 0) {
      knee = Math.max(knee, s.offered);
    }
  }
  const best = Math.max(0, ...steps.map((s) => s.confirmedInWindow / STEP_SECONDS));
  figures.push(
    figure("saturation.knee_offered", knee, "signatures/s", {
      label: "viral peak 42/s (capacity-figures §7a)",
      value: 42,
    }),
    figure("saturation.max_confirmed_per_second", best, "signatures/s", {
      label: "viral peak 42/s (capacity-figures §7a)",
      value: 42,
    }),
    figure("saturation.step_seconds", STEP_SECONDS, "s"),
  );
  return figures;
}
