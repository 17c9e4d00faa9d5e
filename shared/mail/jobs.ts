/**
 * Mass email as a job: one item per job, and a stream-triggered fan-out that sends one page of
 * the petition's sharded signer index per invocation, shard by shard. After each email it
 * records how far it got; after each page it moves the cursor in one conditional write, which
 * triggers the next page. A crash or timeout mid-page resumes after the last recorded
 * recipient: none missed, none doubled (the one exception, as with any mail system, is an
 * email SES accepted in the instant before the crash was recorded).
 *
 * Access patterns:
 * - the job:                 GetItem JOB#<id> / JOB        (stream-triggered on running)
 * - progress within a page:  GetItem / Update JOB#<id> / PROGRESS
 * - recipients:              Query signers SIGNERS#<petition>#<shard>, paged, filtered to
 *                            confirmed, subscribed, not anonymised
 * - suppressed recipients:   BatchGetItem SUPPRESSION / <email key>, once per page
 *                            (shared/mail/suppression.ts): withheld, never sent
 *
 * Mass mail shares the account's send rate with transactional email and yields to it
 * (shared/mail/rate.ts).
 * - jobs started, for the stall check (shared/mail/stalls.ts):
 *                            Query due `JOB` (sparse; its keys are removed once the job ends)
 */

import { randomUUID } from "node:crypto";
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { db } from "../db/client.ts";
import { tableName } from "../db/petitions.ts";
import { logger } from "../log.ts";
import { recordMetric } from "../metrics.ts";
import { type ThresholdConfig, thresholdNumbers } from "../petitions/threshold-numbers.ts";
import { MassMailPacer } from "./rate.ts";
import { type SenderConfig, sendMail } from "./send.ts";
import { suppressedAmong } from "./suppression.ts";
import { renderMail, type TemplateName, templateNames } from "./templates.ts";

export const jobKey = (id: string) => ({ PK: `JOB#${id}`, SK: "JOB" });
export const progressKey = (id: string) => ({ PK: `JOB#${id}`, SK: "PROGRESS" });
/** A job's place in the sparse `due` index, where the stall check finds the jobs started. */
export const jobDueKeys = (id: string, createdAt: string) => ({ duePK: "JOB", dueSK: `${createdAt}#${id}` });

export const jobStates = ["running", "done", "cancelled"] as const;

export const jobRecordSchema = z.object({
  entity: z.literal("JOB"),
  id: z.string(),
  petition_id: z.number().int(),
  template: z.enum(templateNames),
  data: z.record(z.string(), z.unknown()),
  state: z.enum(jobStates),
  shard: z.number().int(),
  shards: z.number().int(),
  cursor: z.string().nullable(),
  page: z.number().int(),
  total: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  /** Recipients on the suppression list: not emailed. */
  withheld: z.number().int().default(0),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  finished_at: z.string().optional(),
});
export type JobRecord = z.output<typeof jobRecordSchema>;

interface Progress {
  page: number;
  sent: number;
  failed: number;
  withheld?: number;
  sent_through?: string;
}

export interface NewJob {
  petitionId: number;
  template: TemplateName;
  /** Shared template data; each recipient adds their name and unsubscribe link. */
  data: Record<string, unknown>;
  /** Recipients expected (the petition's subscriber count when the job starts). */
  total: number;
  createdBy: string;
  shards: number;
}

/** The writes that start a job, for the caller's transaction. */
export function jobPuts(job: NewJob, now: Date, table = tableName()) {
  const id = randomUUID();
  const at = now.toISOString();
  const record: JobRecord = {
    entity: "JOB",
    id,
    petition_id: job.petitionId,
    template: job.template,
    data: job.data,
    state: "running",
    shard: 0,
    shards: job.shards,
    cursor: null,
    page: 0,
    total: job.total,
    sent: 0,
    failed: 0,
    withheld: 0,
    created_at: at,
    created_by: job.createdBy,
    updated_at: at,
  };
  const progress: Progress & { entity: string } = { entity: "JOB_PROGRESS", page: 0, sent: 0, failed: 0 };
  return {
    id,
    puts: [
      {
        Put: {
          TableName: table,
          Item: { ...jobKey(id), ...record, ...jobDueKeys(id, at) },
          ConditionExpression: "attribute_not_exists(PK)",
        },
      },
      { Put: { TableName: table, Item: { ...progressKey(id), ...progress } } },
    ],
  };
}

export async function getJob(id: string): Promise<(JobRecord & { in_page: Progress }) | null> {
  const [job, progress] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName(), Key: jobKey(id), ConsistentRead: true })),
    db.send(new GetCommand({ TableName: tableName(), Key: progressKey(id), ConsistentRead: true })),
  ]);
  if (!job.Item) return null;
  return {
    ...jobRecordSchema.parse(job.Item),
    in_page: (progress.Item as Progress | undefined) ?? { page: 0, sent: 0, failed: 0 },
  };
}

/** A job's progress as staff see it: the counts include the page being sent now. */
export function presentJob(job: JobRecord & { in_page: Progress }) {
  const inPage = job.state === "running" ? job.in_page : { sent: 0, failed: 0, withheld: 0 };
  return {
    id: job.id,
    petition_id: job.petition_id,
    template: job.template,
    state: job.state,
    total: job.total,
    sent: job.sent + inPage.sent,
    failed: job.failed + inPage.failed,
    withheld: job.withheld + (inPage.withheld ?? 0),
    created_at: job.created_at,
    created_by: job.created_by,
    updated_at: job.updated_at,
    finished_at: job.finished_at ?? null,
  };
}
export type PresentedJob = ReturnType<typeof presentJob>;

export async function cancelJob(id: string, now: Date): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: jobKey(id),
        UpdateExpression: "SET #state = :cancelled, updated_at = :now, finished_at = :now",
        ConditionExpression: "#state = :running",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":cancelled": "cancelled",
          ":running": "running",
          ":now": now.toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}

export interface FanOutConfig extends SenderConfig, ThresholdConfig {
  PUBLIC_URL: string;
  MAIL_RATE_PER_SECOND: number;
  MAIL_RESERVE_PER_SECOND: number;
}

const PAGE_SIZE = 100;
/** Permanent refusals: counted as failed, not retried. */
const PERMANENT = new Set(["MessageRejected", "MailFromDomainNotVerifiedException", "BadRequestException"]);

/** Sends the job's current page, then moves it on. Returns what it did. */
export async function runJobPage(
  id: string,
  config: FanOutConfig,
  options: { page?: number; now?: () => Date; pacer?: MassMailPacer } = {},
): Promise<"sent" | "finished" | "stale" | "stopped"> {
  const now = options.now ?? (() => new Date());
  const table = tableName();
  const current = await getJob(id);
  if (current?.state !== "running") return "stopped";
  if (options.page !== undefined && options.page !== current.page) return "stale";
  const { in_page: progress, ...job } = current;

  const page = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: "signers",
      KeyConditionExpression: "signersPK = :pk",
      FilterExpression:
        "#state = :validated AND notify_by_email = :yes AND attribute_not_exists(anonymised_at)",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: {
        ":pk": `SIGNERS#${job.petition_id}#${job.shard}`,
        ":validated": "validated",
        ":yes": true,
      },
      ExclusiveStartKey: job.cursor ? (JSON.parse(job.cursor) as Record<string, unknown>) : undefined,
      Limit: PAGE_SIZE,
    }),
  );
  const recipients = (page.Items ?? [])
    .map((item) => ({
      id: String(item.id),
      name: String(item.name),
      email: String(item.email),
      unsubscribe: String(item.unsubscribe_token),
    }))
    // Byte order, as the index keeps them: the resume point below compares the same way.
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((r) => progress.sent_through === undefined || r.id > progress.sent_through);

  const pacer =
    options.pacer ??
    new MassMailPacer({ accountRate: config.MAIL_RATE_PER_SECOND, reserve: config.MAIL_RESERVE_PER_SECOND });
  const suppressed = await suppressedAmong(recipients.map((r) => r.email));
  for (const [index, recipient] of recipients.entries()) {
    if (index > 0 && index % 25 === 0 && (await getJob(id))?.state !== "running") return "stopped";
    if (suppressed.has(recipient.email)) {
      await recordProgress(id, job.page, recipient.id, { withheld: 1 }, now());
      progress.withheld = (progress.withheld ?? 0) + 1;
      recordMetric("EmailWithheld");
      continue;
    }
    await pacer.take();
    const mail = renderMail(
      job.template,
      {
        ...job.data,
        name: recipient.name,
        unsubscribe_url: `${config.PUBLIC_URL}/signatures/${recipient.id}/unsubscribe?token=${recipient.unsubscribe}`,
      },
      {
        publicUrl: config.PUBLIC_URL,
        serviceName: config.SERVICE_NAME,
        thresholds: thresholdNumbers(config),
      },
    );
    let failed = 0;
    try {
      await sendMail(recipient.email, mail, config, { template: job.template, signature: recipient.id });
    } catch (error) {
      if (!PERMANENT.has((error as Error).name)) throw error;
      failed = 1;
    }
    await recordProgress(id, job.page, recipient.id, { sent: 1 - failed, failed }, now());
    progress.sent += 1 - failed;
    progress.failed += failed;
  }

  const nextShard = page.LastEvaluatedKey ? job.shard : job.shard + 1;
  const finished = nextShard >= job.shards;
  const at = now().toISOString();
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: jobKey(id),
              UpdateExpression: `SET #page = :next, #shard = :shard, #cursor = :cursor, #sent = #sent + :sent, #failed = #failed + :failed, #withheld = if_not_exists(#withheld, :zero) + :withheld, updated_at = :at, #state = :state${finished ? ", finished_at = :at" : ""}`,
              ConditionExpression: "#page = :page AND #state = :running",
              ExpressionAttributeNames: {
                "#state": "state",
                "#cursor": "cursor",
                "#page": "page",
                "#shard": "shard",
                "#sent": "sent",
                "#failed": "failed",
                "#withheld": "withheld",
              },
              ExpressionAttributeValues: {
                ":next": job.page + 1,
                ":page": job.page,
                ":shard": Math.min(nextShard, job.shards - 1),
                ":cursor": page.LastEvaluatedKey ? JSON.stringify(page.LastEvaluatedKey) : null,
                ":sent": progress.sent,
                ":failed": progress.failed,
                ":withheld": progress.withheld ?? 0,
                ":zero": 0,
                ":at": at,
                ":state": finished ? "done" : "running",
                ":running": "running",
              },
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...progressKey(id),
                entity: "JOB_PROGRESS",
                page: job.page + 1,
                sent: 0,
                failed: 0,
                withheld: 0,
              },
            },
          },
        ],
      }),
    );
  } catch (error) {
    // Cancelled while this page was sending: the job stays where it stopped.
    if ((error as Error).name === "TransactionCanceledException" && (await getJob(id))?.state === "cancelled")
      return "stopped";
    throw error;
  }
  if (finished)
    logger.info("mail job finished", { code: "job_finished", jobId: id, petitionId: job.petition_id });
  return finished ? "finished" : "sent";
}

/** Records one recipient as done within the page, so a resumed page starts after it. */
async function recordProgress(
  id: string,
  page: number,
  recipientId: string,
  counts: { sent?: number; failed?: number; withheld?: number },
  at: Date,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: progressKey(id),
      UpdateExpression:
        "SET sent_through = :id, #sent = #sent + :sent, #failed = #failed + :failed, #withheld = if_not_exists(#withheld, :zero) + :withheld, progress_at = :at",
      ConditionExpression: "#page = :page",
      ExpressionAttributeNames: {
        "#sent": "sent",
        "#failed": "failed",
        "#withheld": "withheld",
        "#page": "page",
      },
      ExpressionAttributeValues: {
        ":id": recipientId,
        ":sent": counts.sent ?? 0,
        ":failed": counts.failed ?? 0,
        ":withheld": counts.withheld ?? 0,
        ":zero": 0,
        ":page": page,
        ":at": at.toISOString(),
      },
    }),
  );
}
