/**
 * Trending detection: many confirmed signatures on one petition from one IP or one email
 * domain within an hour is worth a look. The counter tallies each batch per (petition, hour,
 * source) and logs a warning with a metric when a tally reaches the threshold; when it reaches
 * the notifying threshold, the operators are notified once per source and hour (a metric whose
 * alarm notifies the stage's alarm topic, and `notified_at` on the tally). Sources on the
 * sysadmins' allow list (shared/signatures/trend-allow-list.ts) are not tallied.
 *
 * Logs and metrics name a source by its keyed hash only. The tally item also holds the clear
 * IP or domain, for the sysadmins' trending page (a staff route); it expires after two days.
 *
 * Access patterns:
 * - tally:        UpdateItem ADD on TREND#<petition>#<hour>#<shard> / <ip|domain>#<hash>, TTL two
 *                 days; the shard is the source's hash modulo TREND_SHARDS, so a viral petition's
 *                 tallies (one per signer's IP) spread over as many partitions
 * - notify once:  UpdateItem SET notified_at, condition: not yet notified
 * - staff page:   Query TREND#<petition>#<hour>#<shard> for each recent hour and shard, every
 *                 page, tallies over a threshold
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { shardOf } from "../db/keys.ts";
import { queryAll } from "../db/query.ts";
import { emailDomain } from "../domain/email.ts";
import { trendingExceeded } from "../domain/rate-limit.ts";
import { keyedHash } from "../hash-key.ts";
import { logger, metrics } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { hourOfDate } from "../petitions/hourly.ts";
import { isTrendingHour } from "../petitions/trending-list.ts";
import { inParallel } from "../pool.ts";
import type { CountEntry } from "./count.ts";
import { trendAllowed } from "./trend-allow-list.ts";

/** How a source appears in tallies and logs: its kind and a keyed hash, never the address itself. */
export const hashed = (kind: string, value: string) => `${kind}#${keyedHash(kind, value).slice(0, 16)}`;

/** Hours a tally is kept for the sysadmins' trending page. */
export const TALLY_HOURS = 48;
/**
 * Partitions one petition-hour's tallies are spread over: at 5,000 signatures a second from as
 * many addresses, each takes about 5,000 / 16 writes a second, under a partition's 1,000.
 */
export const TREND_SHARDS = 16;
const tallyPartition = (petitionId: number, hour: string, shard: number) =>
  `TREND#${petitionId}#${hour}#${shard}`;
const tallyKey = (petitionId: number, hour: string, source: string) => ({
  PK: tallyPartition(petitionId, hour, shardOf(source, TREND_SHARDS)),
  SK: source,
});

export interface TrendingSettings {
  TRENDING_THRESHOLD: number;
  TRENDING_NOTIFY_THRESHOLD: number;
}

interface Tally {
  hour: string;
  source: string;
  kind: "ip" | "domain";
  value: string;
  added: number;
}

function talliesOf(
  entries: readonly CountEntry[],
  allowed: Awaited<ReturnType<typeof trendAllowed>>,
  now: Date,
): Tally[] {
  // Tallied by the hour each signature was confirmed in; a signature confirmed before the
  // previous hour (a backlog, a bulk load) is no longer a burst anyone can act on.
  const tallies = new Map<string, Tally>();
  for (const { signature, delta } of entries) {
    if (delta <= 0) continue;
    const hour = hourOfDate(new Date(signature.validated_at ?? now.toISOString()));
    if (!isTrendingHour(hour, now)) continue;
    const domain = emailDomain(signature.email);
    const sources: [Tally["kind"], string | null][] = [
      ["ip", signature.ip && !allowed.ip(signature.ip) ? signature.ip : null],
      ["domain", domain && !allowed.domain(domain) ? domain : null],
    ];
    for (const [kind, value] of sources) {
      if (!value) continue;
      const source = hashed(kind, value);
      const key = `${hour}|${source}`;
      const tally = tallies.get(key) ?? { hour, source, kind, value, added: 0 };
      tally.added += 1;
      tallies.set(key, tally);
    }
  }
  return [...tallies.values()];
}

function report(
  code: string,
  message: string,
  petitionId: number,
  tally: Tally,
  count: number,
  metric: "TrendingSource" | "TrendingSourceNotified",
) {
  logger.warn(message, {
    code,
    petitionId,
    sourceKind: tally.kind,
    source: tally.source,
    count,
    hour: tally.hour,
  });
  // The notification's alarm reads it with the service dimension alone. Written and flushed at
  // once, so no other tally's dimension joins it.
  if (metric === "TrendingSource") metrics.addDimension("sourceKind", tally.kind);
  metrics.addMetric(metric, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

export async function recordTrending(
  petitionId: number,
  entries: readonly CountEntry[],
  settings: TrendingSettings,
  now: Date,
) {
  const tallies = talliesOf(entries, await trendAllowed(), now);
  const expiresAt = Math.floor(now.getTime() / 1000) + TALLY_HOURS * 3600;
  await Promise.all(
    tallies.map(async (tally) => {
      const key = tallyKey(petitionId, tally.hour, tally.source);
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: "ADD #count :n SET expiresAt = :expires, #kind = :kind, #value = :value",
          ExpressionAttributeNames: { "#count": "count", "#kind": "kind", "#value": "value" },
          ExpressionAttributeValues: {
            ":n": tally.added,
            ":expires": expiresAt,
            ":kind": tally.kind,
            ":value": tally.value,
          },
          // The whole (small) item: whether this source was already notified this hour.
          ReturnValues: "ALL_NEW",
        }),
      );
      const count = Number(Attributes?.count ?? 0);
      const crosses = (threshold: number) =>
        trendingExceeded(count, threshold) && !trendingExceeded(count - tally.added, threshold);
      // Warn once, as the tally passes the threshold.
      if (crosses(settings.TRENDING_THRESHOLD))
        report(LogCode.trendingSource, "trending source", petitionId, tally, count, "TrendingSource");
      if (!trendingExceeded(count, settings.TRENDING_NOTIFY_THRESHOLD) || Attributes?.notified_at) return;
      // Notify once per source and hour, however many batches see the tally over the threshold.
      const first = await writeIf(() =>
        db.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: key,
            UpdateExpression: "SET notified_at = :now",
            ConditionExpression: "attribute_not_exists(notified_at)",
            ExpressionAttributeValues: { ":now": now.toISOString() },
          }),
        ),
      );
      if (first)
        report(
          LogCode.trendingNotify,
          "trending source notified",
          petitionId,
          tally,
          count,
          "TrendingSourceNotified",
        );
    }),
  );
}

export interface TrendingSourceRow {
  hour: string;
  kind: string;
  /** The clear IP or domain: staff routes only. */
  value: string;
  count: number;
  notified_at: string | null;
}

/** A petition's tallies at or over `threshold` in each of the last `hours` hours, newest hour first. */
export async function trendingSourcesOf(
  petitionId: number,
  hours: number,
  threshold: number,
  now: Date,
): Promise<TrendingSourceRow[]> {
  const wanted = Array.from({ length: hours }, (_, i) => hourOfDate(new Date(now.getTime() - i * 3600_000)));
  const partitions = wanted.flatMap((hour) =>
    Array.from({ length: TREND_SHARDS }, (_, shard) => ({ hour, shard })),
  );
  const byHour = await inParallel(
    partitions.map(({ hour, shard }) => async () => {
      const items = await queryAll({
        TableName: tableName(),
        KeyConditionExpression: "PK = :pk",
        FilterExpression: "#count >= :threshold",
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: {
          ":pk": tallyPartition(petitionId, hour, shard),
          ":threshold": threshold,
        },
      });
      return items.map((item) => ({
        hour,
        kind: String(item.kind ?? String(item.SK).split("#")[0]),
        value: typeof item.value === "string" ? item.value : "",
        count: Number(item.count ?? 0),
        notified_at: typeof item.notified_at === "string" ? item.notified_at : null,
      }));
    }),
    16,
  );
  return byHour.flat().sort((a, b) => b.hour.localeCompare(a.hour) || b.count - a.count);
}
