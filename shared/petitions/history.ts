/**
 * Signatures over time: the counter's hourly items (`PETITION#<id>` / `HOUR#<YYYY-MM-DDTHH>`),
 * one Query on the petition's partition, as a gap-free hourly series from the hour the petition
 * opened to the hour it closed (or now). Signatures counted before opening (the creator's and
 * the supporters') are the series' starting count.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { petitionKey } from "../db/keys.ts";
import type { PetitionRecord } from "./model.ts";
import { petitionUrl, timestamp } from "./present.ts";

const HOUR = 3600_000;
const hourStart = (hour: string) => new Date(`${hour}:00:00.000Z`);

export async function hourlyCounts(petitionId: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :hour)",
        ExpressionAttributeValues: { ":pk": petitionKey(petitionId).PK, ":hour": "HOUR#" },
        ProjectionExpression: "#hour, #count",
        ExpressionAttributeNames: { "#hour": "hour", "#count": "count" },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) counts.set(String(item.hour), Number(item.count ?? 0));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
}

export function hourlySeries(
  counts: ReadonlyMap<string, number>,
  openedAt: Date,
  until: Date,
): { starting_count: number; hours: { hour: string; signature_count: number; total: number }[] } {
  const first = hourStart(openedAt.toISOString().slice(0, 13));
  let total = 0;
  for (const [hour, count] of counts) if (hourStart(hour) < first) total += count;
  const starting_count = total;
  const hours: { hour: string; signature_count: number; total: number }[] = [];
  for (let at = first.getTime(); at <= until.getTime(); at += HOUR) {
    const key = new Date(at).toISOString().slice(0, 13);
    const count = counts.get(key) ?? 0;
    total += count;
    hours.push({ hour: new Date(at).toISOString(), signature_count: count, total });
  }
  return { starting_count, hours };
}

export async function signaturesOverTime(p: PetitionRecord, publicUrl: string, now: Date) {
  const opened = new Date(p.opened_at ?? p.created_at);
  const until = p.closed_at && new Date(p.closed_at) < now ? new Date(p.closed_at) : now;
  const series = hourlySeries(await hourlyCounts(p.id), opened, until);
  return {
    links: {
      self: `${publicUrl}/petitions/${p.id}/signatures-over-time.json`,
      petition: petitionUrl(publicUrl, p.id),
    },
    data: {
      type: "signatures-over-time" as const,
      id: p.id,
      attributes: {
        opened_at: timestamp(p.opened_at),
        closed_at: timestamp(p.closed_at),
        signature_count: p.signature_count,
        interval: "hour" as const,
        starting_count: series.starting_count,
        hours: series.hours,
      },
    },
  };
}
