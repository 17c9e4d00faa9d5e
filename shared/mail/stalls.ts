/**
 * The stall check: a mass-mail job that is running but has sent nothing (no email recorded, no
 * page moved) for STALL_MINUTES is reported once per check, as the MailJobStalled metric and a
 * `mail_job_stalled` warning, until it moves again or is cancelled. Jobs are found through the
 * sparse `due` index (`JOB`), which holds every job started; a job found finished or cancelled
 * is taken out of it here, so the check reads only a handful of items.
 *
 * Access patterns:
 * - jobs started:          Query due `JOB`
 * - a job's last email:    GetItem JOB#<id> / PROGRESS (progress_at)
 * - a job that ended:      UpdateItem REMOVE duePK, dueSK, condition: not running
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { queryPages } from "../db/query.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import * as z from "../zod.ts";
import { jobKey, progressKey, startedJobs } from "./mass-mail.ts";

export const STALL_MINUTES = 15;

/** Only what the check needs, so a job of any shape is still watched. */
const watchedJob = z.object({
  id: z.string(),
  petition_id: z.optional(z.number()),
  state: z.string(),
  updated_at: z.string(),
});

/** The job's last sign of life: its last page move or its last email, whichever is later. */
export function lastActivity(updatedAt: string, progressAt: string | undefined): number {
  const moved = Date.parse(updatedAt);
  const emailed = progressAt ? Date.parse(progressAt) : Number.NaN;
  return Number.isNaN(emailed) ? moved : Math.max(moved, emailed);
}

/** Whether a running job has shown no sign of life for the stall interval. */
export function isStalled(
  job: { state: string; updated_at: string },
  progressAt: string | undefined,
  now: Date,
  minutes = STALL_MINUTES,
): boolean {
  if (job.state !== "running") return false;
  return now.getTime() - lastActivity(job.updated_at, progressAt) >= minutes * 60_000;
}

async function forget(id: string): Promise<void> {
  // A job running again (it cannot be, but a later state machine might allow it) stays watched.
  await writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: jobKey(id),
        UpdateExpression: "REMOVE duePK, dueSK",
        ConditionExpression: "#state <> :running",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":running": "running" },
      }),
    ),
  );
}

export async function checkMailJobs(now: Date): Promise<{ running: number; stalled: string[] }> {
  const stalled: string[] = [];
  let running = 0;
  const started = queryPages(
    startedJobs.all({
      ProjectionExpression: "id, petition_id, #state, updated_at",
      ExpressionAttributeNames: { "#state": "state" },
    }),
  );
  for await (const page of started) {
    for (const item of page) {
      const parsed = watchedJob.safeParse(item);
      if (!parsed.success) continue;
      const job = parsed.data;
      if (job.state !== "running") {
        await forget(job.id);
        continue;
      }
      running += 1;
      const { Item: progress } = await db.send(
        new GetCommand({
          TableName: tableName(),
          Key: progressKey(job.id),
          ProjectionExpression: "progress_at",
        }),
      );
      const progressAt = typeof progress?.progress_at === "string" ? progress.progress_at : undefined;
      if (!isStalled(job, progressAt, now)) continue;
      stalled.push(job.id);
      recordMetric("MailJobStalled");
      logger.warn("mail job has sent nothing for the stall interval", {
        code: LogCode.mailJobStalled,
        jobId: job.id,
        petitionId: job.petition_id,
        idleMinutes: Math.floor((now.getTime() - lastActivity(job.updated_at, progressAt)) / 60_000),
      });
    }
  }
  return { running, stalled };
}
