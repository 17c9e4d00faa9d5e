/**
 * SendMail's on-failure path. An outbox message joins the sweeper's queue only when the stream
 * consumer has given up on it: Lambda sends the on-failure record of a batch that still failed
 * after the mapping's retries, or whose records grew older than its maximum record age (Lambda
 * developer guide, "services-dynamodb-errors"), to the `mailFailures` queue. The batch's records
 * are read back from the stream (which keeps them 24 hours, the record age being 12) and each
 * message in them not yet settled is queued; the sweeper sends it (functions/scheduled/sweep-outbox.ts).
 *
 * When the stream no longer holds the range (its repair failed for longer than the stream keeps
 * records), the table itself is read instead: a parallel Scan for unsettled messages written
 * while the batch's records arrived, a margin either side. Slow and dear, but it is the path of
 * a day-long outage, and it loses nothing.
 *
 * Access patterns:
 * - the failed batch's records:  DynamoDB Streams GetShardIterator AT_SEQUENCE_NUMBER, GetRecords
 * - queue a message:             UpdateItem SET duePK/dueSK, condition: unsettled (outbox.ts)
 * - range gone:                  Scan (8 segments in parallel), filter: an unsettled outbox
 *                                message created within the range's arrival times ± 15 minutes
 */
import type { DynamoDBRecord } from "aws-lambda";
import { tableName } from "../db/client.ts";
import { scanPages } from "../db/query.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import { batchLogFields, type FailedBatch, readRange } from "../streams/failed-batch.ts";
import { parseImage } from "../streams/records.ts";
import { outboxMessageSchema, queueForSweep } from "./outbox.ts";

/** Scan segments read at once when the range is gone. */
const SCAN_SEGMENTS = 8;
/** Arrival times are approximate, and a message is written a moment before its record arrives. */
const ARRIVAL_MARGIN_MS = 15 * 60_000;

export interface Requeued {
  /** Messages now in the sweeper's queue. */
  queued: number;
  /** Messages in the range already sent or withheld (by an earlier attempt), or gone. */
  settled: number;
  /** Whether the range was read from the stream (false: from the table). */
  readable: boolean;
}

type Unsettled = { id: string; created_at: string };

/** The outbox messages of a range of stream records (their inserts), as Lambda would have delivered them. */
function messagesIn(records: readonly unknown[]): Unsettled[] {
  const out: Unsettled[] = [];
  for (const record of records) {
    const stream = record as DynamoDBRecord;
    if (stream.eventName !== "INSERT") continue;
    const image = stream.dynamodb?.NewImage;
    if (image?.entity?.S !== "OUTBOX") continue;
    const message = parseImage(stream, "NewImage", outboxMessageSchema);
    if (message && !message.sent_at && !message.withheld_at)
      out.push({ id: message.id, created_at: message.created_at });
  }
  return out;
}

/** Unsettled outbox messages created between two times, found by a parallel Scan of the table. */
async function unsettledBetween(from: string, to: string): Promise<Unsettled[]> {
  const segments = Array.from({ length: SCAN_SEGMENTS }, async (_, segment) => {
    const found: Unsettled[] = [];
    const pages = scanPages({
      TableName: tableName(),
      Segment: segment,
      TotalSegments: SCAN_SEGMENTS,
      FilterExpression:
        "entity = :outbox AND created_at BETWEEN :from AND :to AND attribute_not_exists(sent_at) AND attribute_not_exists(withheld_at)",
      ExpressionAttributeValues: { ":outbox": "OUTBOX", ":from": from, ":to": to },
      ProjectionExpression: "id, created_at",
    });
    for await (const page of pages)
      for (const item of page) found.push({ id: String(item.id), created_at: String(item.created_at) });
    return found;
  });
  return (await Promise.all(segments)).flat();
}

export async function requeueFailedBatch(batch: FailedBatch): Promise<Requeued> {
  const info = batch.DDBStreamBatchInfo;
  recordMetric("MailBatchFailed");
  logger.error("a mail batch failed after its retries; queueing its messages for the sweeper", {
    code: LogCode.mailBatchFailed,
    ...batchLogFields(batch),
  });
  const records = await readRange(info);
  let messages: Unsettled[];
  if (records) messages = messagesIn(records);
  else {
    const first = Date.parse(info.approximateArrivalOfFirstRecord ?? "");
    const last = Date.parse(info.approximateArrivalOfLastRecord ?? "");
    const from = Number.isNaN(first) ? new Date(0) : new Date(first - ARRIVAL_MARGIN_MS);
    const to = new Date((Number.isNaN(last) ? Date.now() : last) + ARRIVAL_MARGIN_MS);
    logger.error("the failed mail batch's records are no longer in the stream; reading the table", {
      code: LogCode.mailBatchUnreadable,
      shardId: info.shardId,
    });
    messages = await unsettledBetween(from.toISOString(), to.toISOString());
  }
  let queued = 0;
  for (const message of messages) if (await queueForSweep(message.id, message.created_at)) queued += 1;
  return { queued, settled: messages.length - queued, readable: records !== null };
}
