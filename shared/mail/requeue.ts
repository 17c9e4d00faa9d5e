/**
 * SendMail's on-failure path. An outbox message joins the sweeper's queue only when the stream
 * consumer has given up on it: Lambda sends the on-failure record of a batch that still failed
 * after the mapping's retries, or whose records grew older than its maximum record age (Lambda
 * developer guide, "services-dynamodb-errors"), to the `mailFailures` queue. The batch's records
 * are read back from the stream (which keeps them 24 hours, the record age being 12) and each
 * message in them not yet settled is queued; the sweeper sends it (functions/scheduled/sweep-outbox.ts).
 * A new signature's own email (signature-mail.ts) becomes an outbox message in the queue, in one
 * transaction that takes the token off the signature and counts the email against the address's
 * daily cap (over it, the signature's email is withheld instead).
 *
 * When the stream no longer holds the range (its repair failed for longer than the stream keeps
 * records), the table itself is read instead: a parallel Scan for unsettled messages written
 * while the batch's records arrived, a margin either side. Slow and dear, but it is the path of
 * a day-long outage, and it loses nothing.
 *
 * Access patterns:
 * - the failed batch's records:  DynamoDB Streams GetShardIterator AT_SEQUENCE_NUMBER, GetRecords
 * - queue a message:             UpdateItem SET duePK/dueSK, condition: unsettled (outbox.ts)
 * - queue a signature's email:   TransactWriteItems: Update the signature REMOVE mail_token
 *                                (condition: it holds one), Put the outbox message queued, Update
 *                                MAILCAP#all#<email key> (condition: under the cap)
 * - range gone:                  Scan (8 segments in parallel), filter: an unsettled outbox
 *                                message, or a signature holding its email's token, created
 *                                within the range's arrival times ± 15 minutes
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { db, tableName } from "../db/client.ts";
import { scanPages } from "../db/query.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import { batchLogFields, type FailedBatch, readRange } from "../streams/failed-batch.ts";
import { parseImage } from "../streams/records.ts";
import { addressCapWrite, type MailCaps } from "./caps.ts";
import { outboxMessageSchema, queuedOutboxPut, queueForSweep } from "./outbox.ts";
import {
  emailKeyOfSignature,
  MAIL_TOKEN,
  owedMessage,
  type SignatureMail,
  settleUpdate,
  signatureMailSchema,
  signatureStore,
} from "./signature-mail.ts";

/** Scan segments read at once when the range is gone. */
const SCAN_SEGMENTS = 8;
/** Arrival times are approximate, and a message is written a moment before its record arrives. */
const ARRIVAL_MARGIN_MS = 15 * 60_000;

export interface RequeueConfig {
  PUBLIC_URL: string;
  caps: MailCaps;
}

export interface Requeued {
  /** Messages now in the sweeper's queue. */
  queued: number;
  /** Messages in the range already sent or withheld (by an earlier attempt), or gone. */
  settled: number;
  /** Whether the range was read from the stream (false: from the table). */
  readable: boolean;
}

type Unsettled = { id: string; created_at: string };
type Found = { messages: Unsettled[]; signatures: SignatureMail[] };

/** The messages of a range of stream records (their inserts), as Lambda would have delivered them. */
function messagesIn(records: readonly unknown[]): Found {
  const found: Found = { messages: [], signatures: [] };
  for (const record of records) {
    const stream = record as DynamoDBRecord;
    if (stream.eventName !== "INSERT") continue;
    const image = stream.dynamodb?.NewImage;
    if (image?.entity?.S === "SIGNATURE" && image[MAIL_TOKEN]) {
      const signature = parseImage(stream, "NewImage", signatureMailSchema);
      if (signature) found.signatures.push(signature);
      continue;
    }
    if (image?.entity?.S !== "OUTBOX") continue;
    const message = parseImage(stream, "NewImage", outboxMessageSchema);
    if (message && !message.sent_at && !message.withheld_at)
      found.messages.push({ id: message.id, created_at: message.created_at });
  }
  return found;
}

/** Unsettled messages created between two times, found by a parallel Scan of the table. */
async function unsettledBetween(from: string, to: string): Promise<Found> {
  const segments = Array.from({ length: SCAN_SEGMENTS }, async (_, segment) => {
    const found: Found = { messages: [], signatures: [] };
    const pages = scanPages({
      TableName: tableName(),
      Segment: segment,
      TotalSegments: SCAN_SEGMENTS,
      FilterExpression:
        "created_at BETWEEN :from AND :to AND ((entity = :outbox AND attribute_not_exists(sent_at) AND attribute_not_exists(withheld_at)) OR (entity = :signature AND attribute_exists(#token)))",
      ExpressionAttributeNames: { "#token": MAIL_TOKEN, "#name": "name" },
      ExpressionAttributeValues: { ":outbox": "OUTBOX", ":signature": "SIGNATURE", ":from": from, ":to": to },
      ProjectionExpression: "PK, SK, entity, id, created_at, petition_id, kind, #name, email, #token",
    });
    for await (const page of pages)
      for (const item of page) {
        if (item.entity === "OUTBOX")
          found.messages.push({ id: String(item.id), created_at: String(item.created_at) });
        else {
          const signature = signatureMailSchema.safeParse(item);
          if (signature.success) found.signatures.push(signature.data);
        }
      }
    return found;
  });
  const all = await Promise.all(segments);
  return { messages: all.flatMap((f) => f.messages), signatures: all.flatMap((f) => f.signatures) };
}

/**
 * A signature's own email into the sweeper's queue, as an outbox message counted against the
 * address's daily cap; over the cap, withheld on the signature. False when it was settled (sent,
 * withheld or moved) already.
 */
async function queueSignatureMail(
  signature: SignatureMail,
  config: RequeueConfig,
  now: Date,
): Promise<boolean> {
  const message = await owedMessage(signature, config.PUBLIC_URL, now);
  const table = tableName();
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: settleUpdate(
              { PK: signature.PK, SK: signature.SK },
              "mail_moved_at = :now",
              { ":now": now.toISOString() },
              table,
            ),
          },
          queuedOutboxPut(
            {
              template: message.template,
              to: message.to,
              data: message.data,
              petitionId: signature.petition_id,
              id: signature.id,
            },
            new Date(signature.created_at),
            table,
          ),
          // Recorded as counted: a consumer that meets the signature later reads it first.
          addressCapWrite(table, emailKeyOfSignature(signature.PK), config.caps, now, signature.id),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [moved, , capped] = (error.CancellationReasons ?? []).map((r) => r.Code);
    if (moved === "ConditionalCheckFailed") return false;
    if (capped === "ConditionalCheckFailed") {
      await signatureStore(signature, config.caps).markWithheld("capped", now);
      return false;
    }
    throw error;
  }
}

export async function requeueFailedBatch(
  batch: FailedBatch,
  config: RequeueConfig,
  now = () => new Date(),
): Promise<Requeued> {
  const info = batch.DDBStreamBatchInfo;
  recordMetric("MailBatchFailed");
  logger.error("a mail batch failed after its retries; queueing its messages for the sweeper", {
    code: LogCode.mailBatchFailed,
    ...batchLogFields(batch),
  });
  const records = await readRange(info);
  let found: Found;
  if (records) found = messagesIn(records);
  else {
    const first = Date.parse(info.approximateArrivalOfFirstRecord ?? "");
    const last = Date.parse(info.approximateArrivalOfLastRecord ?? "");
    const from = Number.isNaN(first) ? new Date(0) : new Date(first - ARRIVAL_MARGIN_MS);
    const to = new Date((Number.isNaN(last) ? Date.now() : last) + ARRIVAL_MARGIN_MS);
    logger.error("the failed mail batch's records are no longer in the stream; reading the table", {
      code: LogCode.mailBatchUnreadable,
      shardId: info.shardId,
    });
    found = await unsettledBetween(from.toISOString(), to.toISOString());
  }
  let queued = 0;
  for (const message of found.messages) if (await queueForSweep(message.id, message.created_at)) queued += 1;
  for (const signature of found.signatures)
    if (await queueSignatureMail(signature, config, now())) queued += 1;
  const total = found.messages.length + found.signatures.length;
  return { queued, settled: total - queued, readable: records !== null };
}
