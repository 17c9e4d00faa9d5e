/**
 * Mass email as a job: one item per job, and a stream-triggered fan-out that sends one page of
 * the petition's sharded signer index per invocation, shard by shard. After each email it
 * records how far it got; after each page it moves the cursor in one conditional write, which
 * triggers the next page. A crash or timeout mid-page resumes after the last recorded
 * recipient: none missed, none doubled (the one exception, as with any mail system, is an
 * email SES accepted in the instant before the crash was recorded). This module holds the job;
 * shared/mail/mass-mail-page.ts runs a page.
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
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { sparseList } from "../db/sparse-list.ts";
import * as z from "../zod.ts";
import { type TemplateName, templateNames } from "./template-names.ts";

export const jobKey = (id: string) => ({ PK: `JOB#${id}`, SK: "JOB" });
export const progressKey = (id: string) => ({ PK: `JOB#${id}`, SK: "PROGRESS" });
/** The jobs started, in the sparse `due` index by start time: where the stall check finds them. */
export const startedJobs = sparseList("due", "JOB");
/** A job's place in that list. */
export const jobDueKeys = (id: string, createdAt: string) => startedJobs.entry(createdAt, id);

export const jobStates = ["running", "done", "cancelled"] as const;

export const jobRecordSchema = z.object({
  entity: z.literal("JOB"),
  id: z.string(),
  petition_id: z.number().check(z.int()),
  template: z.enum(templateNames),
  data: z.record(z.string(), z.unknown()),
  state: z.enum(jobStates),
  shard: z.number().check(z.int()),
  shards: z.number().check(z.int()),
  cursor: z.nullable(z.string()),
  page: z.number().check(z.int()),
  total: z.number().check(z.int()),
  sent: z.number().check(z.int()),
  failed: z.number().check(z.int()),
  /** Recipients on the suppression list: not emailed. */
  withheld: z._default(z.number().check(z.int()), 0),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  finished_at: z.optional(z.string()),
});
export type JobRecord = z.output<typeof jobRecordSchema>;

export interface Progress {
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
  return writeIf(() =>
    db.send(
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
    ),
  );
}
