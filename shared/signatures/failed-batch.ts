/**
 * A counter batch that still failed after its retries (shared/streams/failed-batch.ts reads its
 * records back from the stream) is applied once (recover-batch.ts). When the range can no longer
 * be read (trimmed, or the stream replaced), every petition that can gain signatures is marked
 * instead, and the reconciliation job recounts them a few per run.
 */
import type { _Record as StreamRecord } from "@aws-sdk/client-dynamodb-streams";
import { statePartition } from "../db/keys.ts";
import { partitionQuery, queryPages } from "../db/query.ts";
import { COUNTING_STATES } from "../domain/petition-state.ts";

/** The petition a stream record's key belongs to, when it is a signature. */
export function petitionOfKey(pk: string | undefined): number | null {
  const match = pk?.match(/^SIGNATURE#(\d+)#/);
  return match?.[1] ? Number(match[1]) : null;
}

/** The petitions a range of stream records touched. */
export function petitionsIn(records: readonly StreamRecord[]): number[] {
  const ids = new Set<number>();
  for (const record of records) {
    const id = petitionOfKey(record.dynamodb?.Keys?.PK?.S);
    if (id !== null) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Every petition that can gain or lose counted signatures: open, or collecting supporters. */
export async function petitionsThatCount(): Promise<number[]> {
  const ids: number[] = [];
  for (const state of COUNTING_STATES) {
    const pages = queryPages({
      ...partitionQuery("byState", statePartition(state), false),
      ProjectionExpression: "id",
    });
    for await (const page of pages) for (const item of page) ids.push(Number(item.id));
  }
  return ids;
}
