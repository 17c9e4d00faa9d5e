/**
 * The invalidation job, a page per run: read the invalidation (stop unless running, skip a stale
 * page), read the page at its cursor, invalidate each matching signature on condition it is
 * still pending or validated, then move the cursor and add the page's count in one conditional
 * write, which triggers the next page. Cancelling is seen between pages.
 *
 * A crash mid-page runs the same page again: signatures it already invalidated are found as
 * this invalidation's (their condition fails and they carry its id), so they are counted once
 * and written once. The counts fall through the stream counter (validated → invalidated
 * subtracts once, shared/signatures/count.ts), which also clears threshold stamps when a count
 * falls back below a threshold.
 *
 * Access patterns: per page, GetItem INVALIDATION#<id>, one Query (invalidation-scan.ts), one
 * conditional UpdateItem per matching signature (plus a consistent GetItem when its condition
 * fails), one conditional UpdateItem of the invalidation.
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { isConditionFailed } from "../db/conditional.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { inParallel } from "../pool.ts";
import {
  criteriaOf,
  getInvalidation,
  type InvalidationRecord,
  invalidationKey,
  transition,
} from "./invalidation.ts";
import { readScanPage, type ScanSettings } from "./invalidation-scan.ts";
import type { SignatureRecord } from "./model.ts";

export type PageOutcome = "invalidated" | "completed" | "stale" | "stopped";

/** Invalidates one signature; true when it is this invalidation's now (whether this call or an earlier one). */
async function invalidateOne(signature: SignatureRecord, id: string, at: string): Promise<boolean> {
  if (signature.state === "invalidated")
    return (signature as { invalidation_id?: string }).invalidation_id === id;
  const key = { PK: (signature as { PK?: string }).PK, SK: (signature as { SK?: string }).SK };
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression:
          "SET #state = :invalidated, invalidation_id = :id, invalidated_at = :at, notify_by_email = :no",
        ConditionExpression: "#state IN (:pending, :validated)",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":invalidated": "invalidated",
          ":pending": "pending",
          ":validated": "validated",
          ":id": id,
          ":at": at,
          ":no": false,
        },
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    // The index lags the table: an earlier run of this page may have invalidated it already.
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
    );
    return Item?.state === "invalidated" && Item.invalidation_id === id;
  }
}

/** Runs the invalidation's current page, then moves it on; a failure is logged and thrown (to be retried). */
export async function runInvalidationPage(
  id: string,
  settings: ScanSettings,
  options: { page?: number; now?: () => Date } = {},
): Promise<PageOutcome> {
  try {
    const outcome = await runPage(id, settings, options);
    if (outcome === "completed") {
      logger.info("invalidation completed", { code: LogCode.invalidationCompleted, invalidationId: id });
    }
    return outcome;
  } catch (error) {
    const { name, message } = error as Error;
    logger.warn("invalidation page failed; it will be retried", {
      code: LogCode.invalidationPageFailed,
      invalidationId: id,
      errorName: name,
      errorMessage: message,
    });
    throw error;
  }
}

async function runPage(
  id: string,
  settings: ScanSettings,
  options: { page?: number; now?: () => Date } = {},
): Promise<PageOutcome> {
  const now = options.now ?? (() => new Date());
  const job = await getInvalidation(id);
  if (job?.state !== "running") return "stopped";
  if (options.page !== undefined && options.page !== job.page) return "stale";
  const page = await readScanPage(criteriaOf(job), job.petition_ids ?? [], job.position, settings, id);
  const at = now().toISOString();
  const ours = await inParallel(
    page.matching.map((signature) => () => invalidateOne(signature, id, at)),
    10,
  );
  const done = ours.filter(Boolean).length;
  return moveOn(job, done, page.next, now());
}

/**
 * Adds the page's count and moves the cursor (or completes), on condition the job is still on
 * this page and running. Cancelled meanwhile: the page's count is still added, and it stops.
 */
async function moveOn(
  job: InvalidationRecord,
  done: number,
  next: InvalidationRecord["position"] | null,
  now: Date,
): Promise<PageOutcome> {
  const onPage = { expression: "#page = :page", names: { "#page": "page" }, values: { ":page": job.page } };
  const counts = { invalidated_count: job.invalidated_count + done, page: job.page + 1 };
  const moved = await transition(
    job.id,
    next
      ? { from: ["running"], to: "running", set: { ...counts, position: next }, condition: onPage }
      : {
          from: ["running"],
          to: "completed",
          set: { ...counts, finished_at: now.toISOString() },
          condition: onPage,
        },
    now,
  );
  if (moved) return next ? "invalidated" : "completed";
  // Cancelled during the page: keep its count, stay cancelled.
  await addCancelledPage(job, done, now);
  return "stopped";
}

async function addCancelledPage(job: InvalidationRecord, done: number, now: Date) {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: invalidationKey(job.id),
        UpdateExpression:
          "SET invalidated_count = invalidated_count + :done, #page = :next, updated_at = :at",
        ConditionExpression: "#page = :page AND #state = :cancelled",
        ExpressionAttributeNames: { "#page": "page", "#state": "state" },
        ExpressionAttributeValues: {
          ":done": done,
          ":next": job.page + 1,
          ":page": job.page,
          ":cancelled": "cancelled",
          ":at": now.toISOString(),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
