/**
 * Stream batches handled petition by petition, written once: records are grouped by petition,
 * petitions run side by side (a bounded number at a time), and a petition whose work fails
 * reports its records for retry (Lambda's partial batch response) while the others stand.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from "aws-lambda";
import { logger } from "../log.ts";
import type { LogCodeValue } from "../log-codes.ts";

export interface Grouped<E> {
  petitionId: number;
  entry: E;
}

/** How many petitions of one batch are worked on at the same time. */
export const PETITIONS_AT_ONCE = 8;

export async function byPetition<E>(
  records: readonly DynamoDBRecord[],
  entryOf: (record: DynamoDBRecord) => Grouped<E> | null,
  work: (petitionId: number, entries: E[]) => Promise<void>,
  failureCode: LogCodeValue,
): Promise<DynamoDBBatchResponse> {
  const groups = new Map<number, { entries: E[]; sequences: string[] }>();
  for (const record of records) {
    const grouped = entryOf(record);
    if (!grouped) continue;
    const group = groups.get(grouped.petitionId) ?? { entries: [], sequences: [] };
    group.entries.push(grouped.entry);
    group.sequences.push(record.dynamodb?.SequenceNumber ?? "");
    groups.set(grouped.petitionId, group);
  }
  const failed: string[] = [];
  const queue = [...groups];
  // A batch can touch hundreds of petitions; all at once would queue their calls behind each
  // other until they time out. A few at a time keeps each call quick.
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [petitionId, group] = next;
      try {
        await work(petitionId, group.entries);
      } catch (error) {
        logger.warn("stream work failed; the records will be retried", {
          code: failureCode,
          petitionId,
          errorName: error instanceof Error ? error.name : "unknown",
        });
        failed.push(...group.sequences);
      }
    }
  };
  await Promise.all(Array.from({ length: PETITIONS_AT_ONCE }, worker));
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
