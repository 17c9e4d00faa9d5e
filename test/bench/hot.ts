/**
 * Group `hot` (`npm run bench -- --only=hot`): one petition signed and confirmed as hard as the
 * local engine allows, and what each item really received, from the engine's own call log
 * (/_local/calls): per class of key (the petition item, its signatures, the rate windows, the
 * outbox, the mail caps, ...), the highest writes per second any one key of the class took in
 * any one second, and its mean over the run. The capacity model's per-partition claims
 * (docs/capacity.md (c)) are about these keys: here is what the code did to them.
 */
import { keyClass } from "../../infra/local/key-class.ts";
import { startCallLog, takeCallLog, writesPerKey } from "./call-figures.ts";
import { type BenchContext, type Figure, figure } from "./figures.ts";
import { benchPetition } from "./signing.ts";

const SIGNERS = 2_000;
const PARTITION_WCU = { label: "1,000 WCU/s per partition (capacity-figures §2)", value: 1_000 };

export async function benchHot(ctx: BenchContext): Promise<Figure[]> {
  const started = Date.now();
  const { engine, drain, signPeople } = await benchPetition(ctx, 3_000_000);
  await signPeople(40, () => true);
  await drain();

  await startCallLog(engine.url);
  const ends = Date.now() + Math.max(20_000, (ctx.budgetMs - (Date.now() - started)) * 0.7);
  const stage = await signPeople(SIGNERS, () => Date.now() < ends);
  await drain();
  const calls = await takeCallLog(engine.url);
  const seconds = Math.max(1, (stage.lastVerifyAt - stage.started) / 1000);
  ctx.log(`hot: ${stage.confirmed} confirmed in ${seconds.toFixed(1)} s, ${calls.length} calls logged`);

  // Per class: the busiest key's busiest second, and its mean rate.
  const classes = new Map<string, { keys: number; peak: number; mean: number; peakKey: string }>();
  for (const [key, times] of writesPerKey(calls)) {
    const perSecond = new Map<number, number>();
    for (const at of times)
      perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    const peak = Math.max(...perSecond.values());
    const name = keyClass(key);
    const c = classes.get(name) ?? { keys: 0, peak: 0, mean: 0, peakKey: "" };
    c.keys += 1;
    if (peak > c.peak) Object.assign(c, { peak, peakKey: key });
    c.mean = Math.max(c.mean, times.length / seconds);
    classes.set(name, c);
  }
  // Per partition (an item collection shares its partition's 1,000 WCU/s): the busiest second.
  const partitions = new Map<string, Map<number, number>>();
  for (const [key, times] of writesPerKey(calls)) {
    const pk = key.split("|")[0] ?? "";
    const seconds = partitions.get(pk) ?? new Map<number, number>();
    for (const at of times) seconds.set(Math.floor(at / 1000), (seconds.get(Math.floor(at / 1000)) ?? 0) + 1);
    partitions.set(pk, seconds);
  }
  const partitionPeaks = new Map<string, number>();
  for (const [pk, seconds] of partitions) {
    const name = keyClass(`${pk}|`).split(".")[0] ?? "item";
    partitionPeaks.set(name, Math.max(partitionPeaks.get(name) ?? 0, ...seconds.values()));
  }
  const figures: Figure[] = [
    ...[...partitionPeaks]
      .sort(([, a], [, b]) => b - a)
      .map(([name, peak]) =>
        figure(`hot.partition_writes_per_second.${name}.busiest_peak`, peak, "writes/s", PARTITION_WCU),
      ),
    figure("hot.confirmed_per_second", stage.confirmed / seconds, "signatures/s"),
    figure("hot.confirmed_signatures", stage.confirmed, "signatures"),
    figure("hot.failures", stage.failures.length, "requests"),
  ];
  for (const [name, c] of [...classes].sort(([, a], [, b]) => b.peak - a.peak)) {
    figures.push(
      figure(`hot.writes_per_second.${name}.busiest_key_peak`, c.peak, "writes/s", PARTITION_WCU),
      figure(`hot.writes_per_second.${name}.busiest_key_mean`, c.mean, "writes/s"),
      figure(`hot.writes_per_second.${name}.keys`, c.keys, "keys"),
    );
  }
  return figures;
}
