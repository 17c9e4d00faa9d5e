/**
 * One page of a mass mail job (shared/mail/mass-mail.ts), in the order its steps run: read the
 * job and its progress within the page; read the page of recipients after the last one recorded;
 * for each recipient in index order, withhold a suppressed address or send with pacing, and
 * record it as done before the next; then move the cursor in one conditional write, which
 * triggers the next page. Recording each recipient before the next is what lets a crashed page
 * resume after the last one recorded: none missed, none doubled.
 */
import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { decodeCursor, encodeCursor, queryFrom, type StartKey } from "../db/query.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { recordMetric } from "../metrics.ts";
import { type ThresholdConfig, thresholdNumbers } from "../petitions/threshold-numbers.ts";
import { confirmedOnly } from "../signatures/store.ts";
import { subscribersQuery } from "../signatures/subscribers.ts";
import { getJob, type JobRecord, jobKey, type Progress, progressKey } from "./mass-mail.ts";
import { MassMailPacer } from "./rate.ts";
import { type SenderConfig, sendMail } from "./send.ts";
import { suppressedAmong } from "./suppression.ts";
import { renderMail } from "./templates.ts";

export interface FanOutConfig extends SenderConfig, ThresholdConfig {
  PUBLIC_URL: string;
  MAIL_RATE_PER_SECOND: number;
  MAIL_RESERVE_PER_SECOND: number;
}

const PAGE_SIZE = 100;
/** Permanent refusals: counted as failed, not retried. */
const PERMANENT = new Set(["MessageRejected", "MailFromDomainNotVerifiedException", "BadRequestException"]);

interface Recipient {
  id: string;
  name: string;
  email: string;
  unsubscribe: string;
}

/** Sends the job's current page, then moves it on. Returns what it did. */
export async function runJobPage(
  id: string,
  config: FanOutConfig,
  options: { page?: number; now?: () => Date; pacer?: MassMailPacer } = {},
): Promise<"sent" | "finished" | "stale" | "stopped"> {
  const now = options.now ?? (() => new Date());
  const current = await getJob(id);
  if (current?.state !== "running") return "stopped";
  if (options.page !== undefined && options.page !== current.page) return "stale";
  const { in_page: progress, ...job } = current;

  const { recipients, lastKey } = await readRecipients(job, progress);
  const pacer =
    options.pacer ??
    new MassMailPacer({ accountRate: config.MAIL_RATE_PER_SECOND, reserve: config.MAIL_RESERVE_PER_SECOND });
  const sent = await sendPage(id, job, progress, recipients, { config, pacer, now });
  if (sent === "stopped") return "stopped";
  return moveCursor(id, job, progress, lastKey, now);
}

/**
 * The page of recipients at the job's cursor: confirmed, subscribed, not anonymised, in the
 * index's order, after the last one this page recorded.
 */
async function readRecipients(job: JobRecord, progress: Progress) {
  const page = await queryFrom(
    { ...subscribersQuery(job.petition_id, job.shard), Limit: PAGE_SIZE },
    decodeCursor(job.cursor),
  );
  const recipients: Recipient[] = (await confirmedOnly(page.items))
    .map((item) => ({
      id: String(item.id),
      name: String(item.name),
      email: String(item.email),
      unsubscribe: String(item.unsubscribe_token),
    }))
    // Byte order, as the index keeps them: the resume point below compares the same way.
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((r) => progress.sent_through === undefined || r.id > progress.sent_through);
  return { recipients, lastKey: page.next };
}

interface Sending {
  config: FanOutConfig;
  pacer: MassMailPacer;
  now: () => Date;
}

/**
 * Each recipient in order: a suppressed address is withheld, any other is sent to at the
 * pacer's rate; either way it is recorded before the next. Stops when the job is cancelled.
 */
async function sendPage(
  id: string,
  job: JobRecord,
  progress: Progress,
  recipients: readonly Recipient[],
  sending: Sending,
): Promise<"sent" | "stopped"> {
  const suppressed = await suppressedAmong(recipients.map((r) => r.email));
  for (const [index, recipient] of recipients.entries()) {
    if (index > 0 && index % 25 === 0 && (await getJob(id))?.state !== "running") return "stopped";
    if (suppressed.has(recipient.email)) await withhold(id, job, progress, recipient, sending.now);
    else await sendOne(id, job, progress, recipient, sending);
  }
  return "sent";
}

/** A suppressed recipient: recorded as withheld, never sent. */
async function withhold(
  id: string,
  job: JobRecord,
  progress: Progress,
  recipient: Recipient,
  now: () => Date,
) {
  await recordProgress(id, job.page, recipient.id, { withheld: 1 }, now());
  progress.withheld = (progress.withheld ?? 0) + 1;
  recordMetric("EmailWithheld");
}

/** One email, at the pacer's rate; a permanent refusal counts as failed, anything else is thrown. */
async function sendOne(
  id: string,
  job: JobRecord,
  progress: Progress,
  recipient: Recipient,
  sending: Sending,
) {
  const { config, pacer, now } = sending;
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

/**
 * Moves the job to its next page (or shard, or to done) and adds the page's counts, in one
 * transaction with a fresh progress item, on condition the job is still on this page and running.
 */
async function moveCursor(
  id: string,
  job: JobRecord,
  progress: Progress,
  lastKey: StartKey | null,
  now: () => Date,
): Promise<"sent" | "finished" | "stopped"> {
  const table = tableName();
  const nextShard = lastKey ? job.shard : job.shard + 1;
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
                ":cursor": encodeCursor(lastKey),
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
    logger.info("mail job finished", { code: LogCode.jobFinished, jobId: id, petitionId: job.petition_id });
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
