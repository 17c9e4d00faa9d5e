/**
 * Thresholds and mass mail:
 * - the scheduled threshold function's reads per run with 10 and with 10,000 open petitions,
 *   five of them having crossed (they must be equal: it reads only the marked petitions);
 * - a mass-mail job to many subscribed signers (100,000 by default, BENCH_MAIL_RECIPIENTS to
 *   change): emails/s into the local SES and the fan-out's peak memory, measured in a process
 *   of its own so the engine and the local SES's store are not counted.
 * Petitions and signatures are written straight to the table (unseen by the stream) with the
 * service's own item code; the job is started exactly as a staff update starts it.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { putAll } from "../../infra/local/bulk.ts";
import { shardOf, signatureKey } from "../../shared/db/keys.ts";
import { jobPuts } from "../../shared/mail/mass-mail.ts";
import { petitionItem, type StoredPetition } from "../../shared/petitions/store.ts";
import { petitionRecord } from "../support/petition-record.ts";
import { type BenchContext, type Figure, figure, round } from "./figures.ts";
import { Meter, meterInto } from "./meter.ts";

const SHARDS = 10;

const petition = (id: number, overrides: Partial<StoredPetition> = {}) =>
  petitionRecord(id, { action: `Bench petition ${id}`, signature_count: 1, ...overrides });

const batchWrite = (db: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) =>
  putAll(db, table, items, { concurrency: 16 });

export async function benchMail(ctx: BenchContext): Promise<Figure[]> {
  const engine = await ctx.engine();
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: engine.dynamoEndpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
  const table = engine.tableName;
  const figures: Figure[] = [];
  const base = 7_000_000 + Math.floor(Math.random() * 100_000) * 100;

  // Threshold reads: 10, then 10,000 open petitions, five marked in each.
  const reads: Record<number, { units: number; calls: number }> = {};
  let next = base;
  for (const open of [10, 10_000]) {
    const items = Array.from({ length: open }, (_, i) => {
      const crossed = i < 5;
      return petitionItem(
        petition(next++, crossed ? { signature_count: 10_000, threshold_candidate: true } : {}),
      );
    });
    await engine.withoutStream(() => batchWrite(db, table, items));
    const meter = new Meter();
    meterInto(meter);
    try {
      await engine.runSchedule("ProcessThresholds");
    } finally {
      meterInto(null);
    }
    const totals = meter.totals("ProcessThresholds");
    reads[open] = { units: totals.readUnits, calls: totals.dynamoCalls };
    ctx.log(
      `mail: thresholds with ${open} open petitions: ${totals.readUnits} RRU, ${totals.dynamoCalls} calls`,
    );
  }
  const small = reads[10] ?? { units: 0, calls: 0 };
  const large = reads[10_000] ?? { units: 0, calls: 0 };
  figures.push(
    figure("mail.thresholds.read_units.open_10", small.units, "RRU"),
    figure("mail.thresholds.read_units.open_10000", large.units, "RRU", {
      label: "the same run with 10 open petitions",
      value: small.units,
    }),
    figure("mail.thresholds.dynamodb_calls.open_10000", large.calls, "calls", {
      label: "the same run with 10 open petitions",
      value: small.calls,
    }),
  );

  // Mass mail.
  const recipients = Number(process.env.BENCH_MAIL_RECIPIENTS ?? 100_000);
  const id = next++;
  const now = new Date().toISOString();
  const signatures = Array.from({ length: recipients }, (_, i) => {
    const emailKey = `bench${String(i).padStart(17, "0")}`;
    const sigId = `${id}-1-${emailKey}`;
    return {
      ...signatureKey(id, emailKey, 1),
      entity: "SIGNATURE",
      id: sigId,
      petition_id: id,
      slot: 1,
      kind: "signer",
      name: `Signer ${i}`,
      email: `signer${i}@bench.example`,
      postcode: null,
      location: "FR",
      constituency: null,
      region: null,
      ip: "",
      state: "validated",
      notify_by_email: true,
      token_hashes: [],
      unsubscribe_token: `u${i}`,
      email_count: 1,
      created_at: now,
      validated_at: now,
      counted: true,
      counted_sub: true,
      signersPK: `SIGNERS#${id}#${shardOf(sigId, SHARDS)}`,
      signersSK: sigId,
    };
  });
  const seedStarted = performance.now();
  const job = jobPuts(
    {
      petitionId: id,
      template: "government_response",
      data: {
        petition_id: id,
        action: `Bench petition ${id}`,
        responded_on: "2026-11-28",
        summary: "A response.",
        details: "In full.",
      },
      total: recipients,
      createdBy: "bench",
      shards: SHARDS,
    },
    new Date(),
    table,
  );
  await engine.withoutStream(async () => {
    await batchWrite(db, table, [
      petitionItem(petition(id, { signature_count: recipients, subscriber_count: recipients })),
    ]);
    await batchWrite(db, table, signatures);
    for (const put of job.puts) await db.send(new PutCommand(put.Put));
  });
  ctx.log(
    `mail: seeded ${recipients} subscribed signers in ${round((performance.now() - seedStarted) / 1000)} s`,
  );

  // The worker is the job's only runner: the engine's own fan-out would otherwise pick up each
  // page the worker moves on, and two runners would measure something production never does.
  const output = await engine.withoutStream(
    () =>
      new Promise<string>((resolvePromise, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", resolve(ctx.root, "test/bench/fanout-worker.ts")],
          {
            cwd: ctx.root,
            env: {
              ...process.env,
              JOB_ID: job.id,
              TABLE_NAME: table,
              AWS_ENDPOINT_URL_DYNAMODB: engine.dynamoEndpoint,
              AWS_ENDPOINT_URL_SESV2: engine.sesEndpoint,
              AWS_REGION: "eu-west-2",
              AWS_ACCESS_KEY_ID: "local",
              AWS_SECRET_ACCESS_KEY: "local",
              POWERTOOLS_LOG_LEVEL: "SILENT",
            },
            stdio: ["ignore", "pipe", "inherit"],
          },
        );
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.on("error", reject);
        child.on("exit", (code) =>
          code === 0 ? resolvePromise(out) : reject(new Error(`fan-out exited with ${code}`)),
        );
      }),
  );
  const result = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as {
    emails: number;
    seconds: number;
    maxRssBytes: number;
    state: string;
  };
  ctx.log(`mail: ${result.emails} emails in ${round(result.seconds)} s, job ${result.state}`);
  figures.push(
    figure("mail.fanout.recipients", result.emails, "emails", {
      label: "subscribed signers",
      value: recipients,
    }),
    figure("mail.fanout.emails_per_second", round(result.emails / result.seconds), "emails/s", {
      label: "SES default sending quota (14/s)",
      value: 14,
    }),
    figure("mail.fanout.peak_rss", round(result.maxRssBytes / 1024 / 1024), "MiB"),
  );
  return figures;
}
