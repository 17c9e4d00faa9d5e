/**
 * Trending: the open petitions with the most signatures in the last hour, from the counter's
 * hourly items (shared/petitions/hourly.ts).
 *
 * Access patterns:
 * - mark an hourly item trending:  after the counter's write, `noteTrending(id, hours)` reads the
 *   item's count and sets `trendingPK = TRENDING#<hour>`, `trendingSK = <count>#<id>`, on
 *   condition the count is still the one read (a later batch sets its own, newer count).
 * - the top of an hour:            Query trending  TRENDING#<hour>, descending, a few items.
 *
 * The last hour is the current clock hour plus the share of the previous hour still inside the
 * window (e-petitions counts signatures validated in the 60 minutes to now, quantised to the
 * minute; hourly buckets give that to within the previous hour's spread).
 */

import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "../db/batch.ts";
import { db, tableName } from "../db/client.ts";
import { pad, petitionKey } from "../db/keys.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { hourKey, hourOfDate } from "./hourly.ts";
import type { PetitionRecord } from "./model.ts";
import { petitionUrl } from "./present.ts";

/** Trending reads the current clock hour and the one before; older hours are never read. */
export const isTrendingHour = (hour: string, now: Date) =>
  hour >= hourOfDate(new Date(now.getTime() - 3600_000));

/**
 * Called by the counter after each successful write, with the hours (`YYYY-MM-DDTHH`) that
 * write touched. Hours trending no longer reads (a backlog, a bulk load) are left out of the
 * index. Best effort: trending is a view, so a failure is logged, never thrown.
 */
export async function noteTrending(
  petitionId: number,
  hours: readonly string[],
  now = new Date(),
): Promise<void> {
  const table = tableName();
  await Promise.all(
    [...new Set(hours)]
      .filter((hour) => isTrendingHour(hour, now))
      .map(async (hour) => {
        try {
          const key = hourKey(petitionId, hour);
          const { Item } = await db.send(
            new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
          );
          const count = typeof Item?.count === "number" ? Item.count : 0;
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: key,
              ...(count > 0
                ? {
                    UpdateExpression: "SET trendingPK = :pk, trendingSK = :sk",
                    ExpressionAttributeValues: {
                      ":pk": `TRENDING#${hour}`,
                      ":sk": `${pad(count)}#${pad(petitionId)}`,
                      ":count": count,
                    },
                  }
                : {
                    UpdateExpression: "REMOVE trendingPK, trendingSK",
                    ExpressionAttributeValues: { ":count": count },
                  }),
              ConditionExpression: "#count = :count",
              ExpressionAttributeNames: { "#count": "count" },
            }),
          );
        } catch (error) {
          if (error instanceof Error && error.name === "ConditionalCheckFailedException") return;
          logger.warn("trending mark failed", {
            code: LogCode.trendingFailed,
            petitionId,
            errorName: error instanceof Error ? error.name : "unknown",
          });
        }
      }),
  );
}

async function topOfHour(hour: string, limit: number): Promise<number[]> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "trending",
      KeyConditionExpression: "trendingPK = :pk",
      ExpressionAttributeValues: { ":pk": `TRENDING#${hour}` },
      ProjectionExpression: "petition_id",
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => Number(item.petition_id));
}

export interface TrendingPetition {
  id: number;
  action: string;
  signatures_in_period: number;
}

/** The top `limit` open petitions by signatures in the hour to `now`. */
export async function trendingPetitions(now: Date, limit = 10): Promise<TrendingPetition[]> {
  const current = hourOfDate(now);
  const previous = hourOfDate(new Date(now.getTime() - 3600_000));
  // The share of the previous clock hour that is still inside the last 60 minutes.
  const share = (60 - now.getUTCMinutes()) / 60;
  // Room for petitions that are no longer open among the top ones.
  const wanted = limit * 3;
  const [top, topBefore] = await Promise.all([topOfHour(current, wanted), topOfHour(previous, wanted)]);
  const ids = [...new Set([...top, ...topBefore])];
  if (ids.length === 0) return [];
  const [hourItems, petitions] = await Promise.all([
    batchGet(
      ids.flatMap((id) => [hourKey(id, current), hourKey(id, previous)]),
      {
        projection: {
          expression: "petition_id, #hour, #count",
          names: { "#hour": "hour", "#count": "count" },
        },
      },
    ),
    batchGet(ids.map(petitionKey), {
      projection: { expression: "id, #state, #action", names: { "#state": "state", "#action": "action" } },
    }),
  ]);
  const inPeriod = new Map<number, number>();
  for (const item of hourItems) {
    const id = Number(item.petition_id);
    const count = Number(item.count ?? 0) * (item.hour === current ? 1 : share);
    inPeriod.set(id, (inPeriod.get(id) ?? 0) + count);
  }
  return (petitions as Pick<PetitionRecord, "id" | "state" | "action">[])
    .filter((p) => p.state === "open")
    .map((p) => ({ id: p.id, action: p.action, signatures_in_period: Math.round(inPeriod.get(p.id) ?? 0) }))
    .filter((p) => p.signatures_in_period > 0)
    .sort((a, b) => b.signatures_in_period - a.signatures_in_period || b.id - a.id)
    .slice(0, limit);
}

export function presentTrending(petitions: TrendingPetition[], publicUrl: string, now: Date) {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  return {
    links: { self: `${publicUrl}/trending.json` },
    data: petitions.map((p) => ({
      type: "petition" as const,
      id: p.id,
      links: { self: petitionUrl(publicUrl, p.id) },
      attributes: { action: p.action, signature_count: p.signatures_in_period },
    })),
    meta: { updated_at: minute.toISOString() },
  };
}
