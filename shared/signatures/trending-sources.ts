/**
 * Trending detection: many confirmed signatures on one petition from one IP or one email
 * domain within an hour is worth a look. The counter tallies each batch per (petition, hour,
 * source) and logs a warning with a metric when a tally reaches the threshold. Sources are
 * hashed, so the tallies hold no address.
 *
 * Access pattern: UpdateItem ADD on TREND#<petition>#<hour> / <ip|domain>#<hash>, TTL two hours.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { emailDomain } from "../domain/email.ts";
import { trendingExceeded } from "../domain/rate-limit.ts";
import { keyedHash } from "../hash-key.ts";
import { logger, metrics } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { hourOfDate, isTrendingHour } from "../petitions/trending-list.ts";
import type { CountEntry } from "./count.ts";

/** How a source appears in tallies and logs: its kind and a keyed hash, never the address itself. */
export const hashed = (kind: string, value: string) => `${kind}#${keyedHash(kind, value).slice(0, 16)}`;

export async function recordTrending(
  petitionId: number,
  entries: readonly CountEntry[],
  threshold: number,
  now: Date,
) {
  // Tallied by the hour each signature was confirmed in; a signature confirmed before the
  // previous hour (a backlog, a bulk load) is no longer a burst anyone can act on.
  const tallies = new Map<string, { hour: string; source: string; added: number }>();
  for (const { signature, delta } of entries) {
    if (delta <= 0) continue;
    const hour = hourOfDate(new Date(signature.validated_at ?? now.toISOString()));
    if (!isTrendingHour(hour, now)) continue;
    const domain = emailDomain(signature.email);
    for (const source of [hashed("ip", signature.ip), domain ? hashed("domain", domain) : null]) {
      if (!source) continue;
      const key = `${hour}|${source}`;
      const tally = tallies.get(key) ?? { hour, source, added: 0 };
      tally.added += 1;
      tallies.set(key, tally);
    }
  }
  const expiresAt = Math.floor(now.getTime() / 1000) + 2 * 3600;
  await Promise.all(
    [...tallies.values()].map(async ({ hour, source, added }) => {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { PK: `TREND#${petitionId}#${hour}`, SK: source },
          UpdateExpression: "ADD #count :n SET expiresAt = :expires",
          ExpressionAttributeNames: { "#count": "count" },
          ExpressionAttributeValues: { ":n": added, ":expires": expiresAt },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      const count = Number(Attributes?.count ?? 0);
      // Warn once, as the tally passes the threshold.
      if (trendingExceeded(count, threshold) && !trendingExceeded(count - added, threshold)) {
        const kind = source.split("#")[0];
        logger.warn("trending source", {
          code: LogCode.trendingSource,
          petitionId,
          sourceKind: kind,
          source,
          count,
          hour,
        });
        metrics.addDimension("sourceKind", kind ?? "unknown");
        metrics.addMetric("TrendingSource", MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
      }
    }),
  );
}
