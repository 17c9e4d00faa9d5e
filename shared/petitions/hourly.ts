/**
 * The hourly series: one item per petition per clock hour in which signatures were counted,
 * `PETITION#<id>` / `HOUR#<YYYY-MM-DDTHH>` with `hour`, `count` and `petition_id`. The counter
 * adds to it (shared/signatures/count-write.ts), trending marks its newest hours
 * (shared/petitions/trending-list.ts) and signatures-over-time reads a petition's whole series
 * (shared/petitions/history.ts). This module owns its keys and the hour of a time.
 *
 * Access patterns:
 * - one hour of one petition:   GetItem / UpdateItem PETITION#<id> / HOUR#<hour>
 * - a petition's hours:         Query PETITION#<id>, SK begins_with HOUR#
 */
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { tableName } from "../db/client.ts";
import { petitionKey } from "../db/keys.ts";
import { queryPages } from "../db/query.ts";

const HOUR_PREFIX = "HOUR#";

/** The clock hour (`YYYY-MM-DDTHH`, UTC) of an ISO timestamp. */
export const hourOf = (iso: string) => iso.slice(0, 13);
/** The clock hour (`YYYY-MM-DDTHH`, UTC) of a moment. */
export const hourOfDate = (at: Date) => hourOf(at.toISOString());
/** The first instant of a clock hour. */
export const hourStart = (hour: string) => new Date(`${hour}:00:00.000Z`);

/** The item holding one petition's count for one clock hour. */
export const hourKey = (petitionId: number, hour: string) => ({
  PK: petitionKey(petitionId).PK,
  SK: `${HOUR_PREFIX}${hour}`,
});

/** The Query of one petition's hourly items, oldest first. */
export function hoursQuery(petitionId: number): QueryCommandInput {
  return {
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk AND begins_with(SK, :hour)",
    ExpressionAttributeValues: { ":pk": petitionKey(petitionId).PK, ":hour": HOUR_PREFIX },
    ProjectionExpression: "#hour, #count",
    ExpressionAttributeNames: { "#hour": "hour", "#count": "count" },
  };
}

/** Each hour with signatures counted on one petition, and how many. */
export async function hourlyCounts(petitionId: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const page of queryPages(hoursQuery(petitionId))) {
    for (const item of page) counts.set(String(item.hour), Number(item.count ?? 0));
  }
  return counts;
}
