/**
 * Group `signing` (issue 4's bench), through the local engine in this process:
 * - confirmed signatures/s for generated people who sign, read their email and follow the
 *   verify link, next to DynamoDB Local's own TransactWriteItems/s in the same run;
 * - DynamoDB write (and read) units per confirmed signature over the whole path, stream
 *   consumers included, from ReturnConsumedCapacity; round trips per request and per function;
 * - count freshness: from a verify response to the count visible in count.json;
 * - each function's duration and CPU time unloaded: people sign and confirm one at a time, the
 *   engine drained between steps and its invocations taking turns, so each runs alone in the
 *   process (as in a Lambda execution environment, which serves one invocation at a time).
 */

import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../infra/local/emulators.ts";
import { COUNT_FRESHNESS } from "../../shared/http/contract.ts";
import { indexWriteFigures, roundTripFigures, startCallLog, takeRecording } from "./call-figures.ts";
import { type BenchContext, type Figure, figure, percentile, pool, sleep } from "./figures.ts";
import { Meter, meterInto, NO_FUNCTION, oneInvocationAtATime } from "./meter.ts";
import {
  confirmSignature,
  examplePostcodes,
  Http,
  ipFor,
  MailWatcher,
  openPetition,
  person,
  sign,
  verifyLinkIn,
} from "./people.ts";

/** Requests in flight per stage (sign, verify): 32 in all, as the DynamoDB Local baseline. */
const CONCURRENCY = 16;
const TARGET_SIGNERS = 1000;
const WARMUP_SIGNERS = 120;
const FRESHNESS_SAMPLES = 80;
/** People who sign and confirm one at a time, for the unloaded durations and CPU times. */
const UNLOADED_PEOPLE = 40;
/** How long the process's background CPU (engine idle) is sampled. */
const IDLE_SAMPLE_MS = 2_000;
const BASELINE_SECONDS = 8;
const POLL_MS = 10;
/** capacity-figures.md §7b: a pending write at sign and one at confirmation. */
const FLOOR_WRITE_UNITS = { label: "floor: 2 writes (capacity-figures §7b)", value: 2 };
/** What a viewer behind the CDN may see at worst: count.json's max-age. */
const CDN_MAX_AGE = {
  label: `count.json CDN max-age (${COUNT_FRESHNESS.maxAge * 1000} ms)`,
  value: COUNT_FRESHNESS.maxAge * 1000,
};

interface Stage {
  signMs: number[];
  mailMs: number[];
  verifyMs: number[];
  confirmed: number;
  failures: string[];
  started: number;
  signsDone: number;
  lastVerifyAt: number;
}

/** The engine, an open petition and numbered people to sign it, for a bench group. */
export async function benchPetition(ctx: BenchContext, firstPerson: number) {
  const engine = await ctx.engine();
  const http = new Http(engine.url);
  const mail = new MailWatcher(engine.sesEndpoint);
  const run = randomUUID().slice(0, 8);
  const postcodes = examplePostcodes(resolve(ctx.root, "../shared/data/uk"));
  // People are numbered; each number has its own IP, so no abuse limit fires.
  let nextPerson = firstPerson + Math.floor(Math.random() * 1_000_000);
  const take = (n: number) => {
    const first = nextPerson;
    nextPerson += n;
    return first;
  };
  const drain = () => engine.drain(120_000);
  const petitionId = await openPetition(http, mail, run, postcodes, drain, () => ipFor(take(1)));
  /** `n` new people sign and confirm while `until()` holds. */
  const signPeople = (n: number, until: () => boolean) =>
    signAndConfirm({ http, mail, petitionId, run, postcodes }, take(n), n, until);
  return { engine, http, mail, run, postcodes, take, drain, petitionId, signPeople };
}

/**
 * Signs people from `first` on through two bounded pools: signing (then waiting for the email)
 * and confirming. Stops taking new people after `count` or when `until()` turns false.
 */
/** Who signs, where: the engine's HTTP client and mailbox, the petition, the run's people. */
export interface Signing {
  http: Http;
  mail: MailWatcher;
  petitionId: number;
  run: string;
  postcodes: readonly string[];
}

export async function signAndConfirm(
  { http, mail, petitionId, run, postcodes }: Signing,
  first: number,
  count: number,
  until: () => boolean,
): Promise<Stage> {
  const stage: Stage = {
    signMs: [],
    mailMs: [],
    verifyMs: [],
    confirmed: 0,
    failures: [],
    started: performance.now(),
    signsDone: 0,
    lastVerifyAt: 0,
  };
  const ready: string[] = [];
  let signing = true;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let outstanding = 0;

  const signer = pool(
    Array.from({ length: count }, (_, i) => first + i),
    CONCURRENCY,
    async (n) => {
      const who = person(n, run, postcodes);
      const t0 = performance.now();
      try {
        await sign(http, petitionId, n, who);
        const t1 = performance.now();
        stage.signMs.push(t1 - t0);
        stage.signsDone += 1;
        outstanding += 1;
        // Waiting for the email does not hold a signing slot: the next person signs meanwhile.
        mail
          .waitFor(who.email, /./)
          .then((m) => {
            stage.mailMs.push(performance.now() - t1);
            ready.push(verifyLinkIn(m));
          })
          .catch((error: unknown) => {
            stage.failures.push(`mail: ${error instanceof Error ? error.message : String(error)}`);
            outstanding -= 1;
          })
          .finally(notify);
      } catch (error) {
        stage.failures.push(`sign: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    until,
  ).finally(() => {
    signing = false;
    notify();
  });

  const confirmer = async () => {
    for (;;) {
      const link = ready.shift();
      if (link === undefined) {
        if (!signing && outstanding === 0) return;
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
        continue;
      }
      const t0 = performance.now();
      try {
        await confirmSignature(http, link);
        stage.verifyMs.push(performance.now() - t0);
        stage.confirmed += 1;
        stage.lastVerifyAt = performance.now();
      } catch (error) {
        stage.failures.push(`verify: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        outstanding -= 1;
      }
    }
  };
  await Promise.all([signer, ...Array.from({ length: CONCURRENCY }, confirmer)]);
  return stage;
}

async function countOf(http: Http, petitionId: number): Promise<number> {
  const answer = await http.expect<{ signature_count: number }>(
    200,
    "GET",
    `/petitions/${petitionId}/count.json`,
  );
  return answer.body.signature_count;
}

/** Polls count.json every POLL_MS until it reaches `target`; the ms it took. */
async function untilCount(
  http: Http,
  petitionId: number,
  target: number,
  timeoutMs = 60_000,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if ((await countOf(http, petitionId)) >= target) return performance.now() - started;
    if (performance.now() - started > timeoutMs)
      throw new Error(`count.json did not reach ${target} in time`);
    await sleep(POLL_MS);
  }
}

/** DynamoDB Local's own 2-item TransactWriteItems/s on a scratch table, same concurrency. */
async function transactBaseline(endpoint: string, concurrency: number, seconds: number): Promise<number> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const table = `bench-scratch-${randomUUID().slice(0, 8)}`;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "PK", AttributeType: "S" },
          { AttributeName: "SK", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "PK", KeyType: "HASH" },
          { AttributeName: "SK", KeyType: "RANGE" },
        ],
      }),
    );
    const payload = "x".repeat(200);
    let n = 0;
    const transact = (worker: number) =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { PK: { S: `ITEM#${n++}` }, SK: { S: "A" }, payload: { S: payload } },
                ConditionExpression: "attribute_not_exists(PK)",
              },
            },
            {
              Update: {
                TableName: table,
                Key: { PK: { S: `COUNTER#${worker}` }, SK: { S: "C" } },
                UpdateExpression: "ADD #c :one",
                ExpressionAttributeNames: { "#c": "count" },
                ExpressionAttributeValues: { ":one": { N: "1" } },
              },
            },
          ],
        }),
      );
    const loop = async (worker: number, endAt: number, counted: { n: number }) => {
      while (performance.now() < endAt) {
        await transact(worker);
        counted.n += 1;
      }
    };
    // A second of warm-up on the new table, then the measured window.
    await Promise.all(
      Array.from({ length: concurrency }, (_, w) => loop(w, performance.now() + 1000, { n: 0 })),
    );
    const counted = { n: 0 };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, (_, w) => loop(w, started + seconds * 1000, counted)),
    );
    return counted.n / ((performance.now() - started) / 1000);
  } finally {
    await client.send(new DeleteTableCommand({ TableName: table })).catch(() => {});
    client.destroy();
  }
}

export async function benchSigning(ctx: BenchContext): Promise<Figure[]> {
  const started = Date.now();
  const left = () => ctx.budgetMs - (Date.now() - started);
  const meter = new Meter();
  meterInto(meter);
  try {
    const opened = Date.now();
    const { engine, http, mail, run, postcodes, take, drain, petitionId } = await benchPetition(
      ctx,
      1_000_000,
    );
    ctx.log(`signing: petition ${petitionId} open in ${((Date.now() - opened) / 1000).toFixed(1)} s`);

    // Warm-up: the JVM and every handler's first calls, not measured.
    const people = { http, mail, petitionId, run, postcodes };
    await signAndConfirm(people, take(WARMUP_SIGNERS), WARMUP_SIGNERS, () => true);
    await drain();
    const before = await countOf(http, petitionId);

    // Throughput: sign, email, confirm; bounded by count and by a share of the budget.
    meter.reset();
    await startCallLog(engine.url);
    const cpu = cpuMeter();
    const throughputEnds = Date.now() + Math.max(20_000, left() * 0.45);
    const stage = await signAndConfirm(
      people,
      take(TARGET_SIGNERS),
      TARGET_SIGNERS,
      () => Date.now() < throughputEnds,
    );
    const used = cpu();
    const wallSeconds = (stage.lastVerifyAt - stage.started) / 1000;
    const confirmedPerSecond = stage.confirmed / wallSeconds;
    // How long the count lagged behind the last confirmation under load.
    const catchUpMs = await untilCount(http, petitionId, before + stage.confirmed);
    await drain();
    const after = await countOf(http, petitionId);
    if (after !== before + stage.confirmed) {
      stage.failures.push(
        `count.json shows ${after - before} new signatures, ${stage.confirmed} were confirmed`,
      );
    }
    ctx.log(
      `signing: ${stage.confirmed} confirmed in ${wallSeconds.toFixed(1)} s (${confirmedPerSecond.toFixed(1)}/s), ` +
        `${stage.failures.length} failures, ${mail.reads} mailbox reads`,
    );
    for (const failure of stage.failures.slice(0, 5)) ctx.log(`signing: ${failure}`);
    const path = snapshot(meter, stage.confirmed);
    const { calls, indexWrites } = await takeRecording(engine.url);
    const petitionKb = await petitionItemKb(engine.dynamoEndpoint, engine.tableName, petitionId);
    path.push(
      ...roundTripFigures(calls),
      ...indexWriteFigures(indexWrites, stage.confirmed, meter.totals(), FLOOR_WRITE_UNITS),
      figure("signing.petition_item_size", petitionKb, "KB"),
    );
    meter.reset();

    // DynamoDB Local alone, warm, in the same JVM.
    const txPerSecond = await transactBaseline(engine.dynamoEndpoint, 2 * CONCURRENCY, BASELINE_SECONDS);
    ctx.log(`signing: DynamoDB Local TransactWriteItems ${txPerSecond.toFixed(0)}/s`);

    // Unloaded: one person at a time, each invocation alone in the process.
    meter.reset();
    const unloadedEnds = Date.now() + Math.max(15_000, left() * 0.3);
    oneInvocationAtATime(true);
    const unloaded = await oneAtATime(
      people,
      take(UNLOADED_PEOPLE),
      UNLOADED_PEOPLE,
      drain,
      () => Date.now() < unloadedEnds,
    ).finally(() => oneInvocationAtATime(false));
    const idleCores = await idleCpu(IDLE_SAMPLE_MS);
    const alone = unloadedFigures(meter);
    ctx.log(
      `signing: ${unloaded.confirmed} people one at a time, ${unloaded.failures.length} failures; ` +
        `idle process ${(idleCores * 100).toFixed(1)} % of a core`,
    );
    for (const failure of unloaded.failures.slice(0, 5)) ctx.log(`signing: unloaded: ${failure}`);
    meter.reset();

    // Freshness, one confirmation at a time on a quiet engine: exact per signature.
    const samples = Math.max(10, Math.min(FRESHNESS_SAMPLES, Math.floor((left() - 10_000) / 400)));
    const links: string[] = [];
    const firstFresh = take(samples);
    await pool(
      Array.from({ length: samples }, (_, i) => firstFresh + i),
      8,
      async (n) => {
        const who = person(n, run, postcodes);
        await sign(http, petitionId, n, who);
        links.push(verifyLinkIn(await mail.waitFor(who.email, /./)));
      },
    );
    await drain();
    let count = await countOf(http, petitionId);
    const freshness: number[] = [];
    for (const link of links) {
      await confirmSignature(http, link);
      freshness.push(await untilCount(http, petitionId, count + 1, 30_000));
      count += 1;
    }
    meterInto(null);

    const failures = stage.failures.length;
    return [
      figure("signing.confirmed_per_second", confirmedPerSecond, "signatures/s", {
        label: "DynamoDB Local TransactWriteItems/s, same run",
        value: txPerSecond,
      }),
      figure("signing.dynamodb_local_transact_per_second", txPerSecond, "transactions/s", {
        label: "stack-local §1 warm in-memory (230–405/s)",
        value: 318,
      }),
      figure("signing.confirmed_signatures", stage.confirmed, "signatures"),
      figure("signing.concurrency", 2 * CONCURRENCY, "requests in flight"),
      figure("signing.failures", failures, "requests"),
      figure("signing.sign_latency.p50", percentile(stage.signMs, 50), "ms"),
      figure("signing.sign_latency.p99", percentile(stage.signMs, 99), "ms"),
      figure("signing.email_delay.p50", percentile(stage.mailMs, 50), "ms"),
      figure("signing.email_delay.p99", percentile(stage.mailMs, 99), "ms"),
      figure("signing.verify_latency.p50", percentile(stage.verifyMs, 50), "ms"),
      figure("signing.verify_latency.p99", percentile(stage.verifyMs, 99), "ms"),
      figure("signing.cpu.node_process", used.node, "cores", { label: "one core", value: 1 }),
      figure("signing.cpu.event_loop_utilisation", used.eventLoop, "fraction"),
      figure("signing.cpu.dynamodb_local", used.java, "cores", {
        label: "machine cores",
        value: cpus().length,
      }),
      ...path,
      figure("signing.count_freshness.p50", percentile(freshness, 50), "ms", CDN_MAX_AGE),
      figure("signing.count_freshness.p99", percentile(freshness, 99), "ms", CDN_MAX_AGE),
      figure("signing.count_freshness.samples", freshness.length, "confirmations"),
      figure("signing.count_catch_up_after_load", catchUpMs, "ms", CDN_MAX_AGE),
      figure("signing.unloaded.people", unloaded.confirmed, "signatures"),
      figure("signing.unloaded.failures", unloaded.failures.length, "requests"),
      figure("signing.unloaded.idle_cpu", idleCores, "cores"),
      ...alone,
    ];
  } finally {
    meterInto(null);
  }
}

/** The petition item's size as DynamoDB sizes it (names and values, roughly: its JSON). */
async function petitionItemKb(endpoint: string, table: string, petitionId: number): Promise<number> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: table,
      Key: { PK: { S: `PETITION#${petitionId}` }, SK: { S: "PETITION" } },
    }),
  );
  client.destroy();
  return Buffer.byteLength(JSON.stringify(Item ?? {}), "utf8") / 1024;
}

const SIGN = "SignPetition";
const VERIFY = "VerifySignature";
const COUNT_READS = "PetitionCount";

/** Units, round trips and time per confirmed signature and per request, from the meter. */
function snapshot(meter: Meter, confirmed: number): Figure[] {
  const figures: Figure[] = [];
  const all = meter.totals();
  const viewers = meter.totals(COUNT_READS);
  figures.push(
    figure("signing.write_units_per_signature", all.writeUnits / confirmed, "WCU", FLOOR_WRITE_UNITS),
    figure("signing.read_units_per_signature", (all.readUnits - viewers.readUnits) / confirmed, "RCU"),
    figure(
      "signing.dynamodb_round_trips_per_signature",
      (all.dynamoCalls - viewers.dynamoCalls) / confirmed,
      "calls",
    ),
  );
  for (const [fn, label] of [
    [SIGN, "sign"],
    [VERIFY, "verify"],
  ] as const) {
    const t = meter.totals(fn);
    figures.push(
      figure(
        `signing.dynamodb_round_trips_per_${label}_request`,
        t.dynamoCalls / Math.max(1, t.invocations),
        "calls",
      ),
    );
  }
  // Every function on the path: what it costs per confirmed signature, by command, and its time.
  for (const [fn, tally] of [...meter.functions].sort(([a], [b]) => a.localeCompare(b))) {
    if (fn === COUNT_READS || fn === NO_FUNCTION) continue;
    const t = meter.totals(fn);
    const key = `signing.per_signature.${fn}`;
    figures.push(figure(`${key}.invocations`, tally.invocations / confirmed, "invocations"));
    for (const [command, c] of [...tally.commands].sort(([a], [b]) => a.localeCompare(b))) {
      figures.push(figure(`${key}.${command}.calls`, c.calls / confirmed, "calls"));
      if (c.writeUnits > 0)
        figures.push(
          figure(`${key}.${command}.write_units`, c.writeUnits / confirmed, "WCU"),
          // The table's own share: less what DynamoDB Local charged the indexes for these calls.
          figure(
            `${key}.${command}.table_write_units`,
            (c.writeUnits - c.indexWriteUnits) / confirmed,
            "WCU",
          ),
        );
      if (c.readUnits > 0)
        figures.push(figure(`${key}.${command}.read_units`, c.readUnits / confirmed, "RCU"));
      if (c.errors > 0) figures.push(figure(`${key}.${command}.failed_calls`, c.errors, "calls"));
    }
    figures.push(
      figure(`${key}.duration`, tally.ms / Math.max(1, tally.invocations), "ms/invocation"),
      // Time spent waiting on DynamoDB and SES over the function's time (parallel calls add up).
      figure(`${key}.sdk_time`, t.sdkMs / Math.max(1, tally.ms), "× duration"),
    );
  }
  return figures;
}

/**
 * People sign, read their email and confirm one at a time; the engine is drained after each
 * request, so the stream's functions (SendMail, the counter's stages) run between requests, and
 * (with oneInvocationAtATime) one after the other when a record is due to two of them.
 */
async function oneAtATime(
  { http, mail, petitionId, run, postcodes }: Signing,
  first: number,
  count: number,
  drain: () => Promise<void>,
  until: () => boolean,
): Promise<{ confirmed: number; failures: string[] }> {
  const failures: string[] = [];
  let confirmed = 0;
  for (let n = first; n < first + count && until(); n++) {
    const who = person(n, run, postcodes);
    try {
      await sign(http, petitionId, n, who);
      // Drained before the mailbox is read: its polling does not run beside SendMail.
      await drain();
      await confirmSignature(http, verifyLinkIn(await mail.waitFor(who.email, /./)));
      await drain();
      confirmed += 1;
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { confirmed, failures };
}

/** The process's CPU while the engine idles (stream polling, timers), in cores. */
async function idleCpu(ms: number): Promise<number> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await sleep(ms);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / (performance.now() - started);
}

/**
 * Each function's mean wall and CPU ms over its invocations that ran alone (meter.ts): the CPU
 * is the process's during the invocation, so the engine's background work in that window (see
 * `signing.unloaded.idle_cpu`) is in it.
 */
function unloadedFigures(meter: Meter): Figure[] {
  const figures: Figure[] = [];
  for (const [fn, tally] of [...meter.functions].sort(([a], [b]) => a.localeCompare(b))) {
    if (fn === COUNT_READS || fn === NO_FUNCTION || tally.solo.invocations === 0) continue;
    const key = `signing.unloaded.${fn}`;
    figures.push(
      figure(`${key}.duration`, tally.solo.ms / tally.solo.invocations, "ms/invocation"),
      figure(`${key}.cpu`, tally.solo.cpuMs / tally.solo.invocations, "CPU ms/invocation"),
      figure(`${key}.invocations`, tally.solo.invocations, "invocations"),
      figure(`${key}.overlapped`, tally.invocations - tally.solo.invocations, "invocations"),
    );
  }
  return figures;
}

/** CPU used by this process (engine, handlers, SES emulator and bench client) and DynamoDB Local. */
function cpuMeter() {
  const javaPids = (): number[] => {
    try {
      return readdirSync("/proc")
        .filter((d) => /^\d+$/.test(d))
        .map(Number)
        .filter((pid) => {
          try {
            const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            return stat.includes("(java)") && Number(fields[1]) === process.pid;
          } catch {
            return false;
          }
        });
    } catch {
      return [];
    }
  };
  const pids = javaPids();
  const javaTicks = () =>
    pids.reduce((sum, pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return sum + Number(fields[11]) + Number(fields[12]);
      } catch {
        return sum;
      }
    }, 0);
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const ticks = javaTicks();
  const elu = performance.eventLoopUtilization();
  return () => {
    const seconds = (performance.now() - wall) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      node: (used.user + used.system) / 1e6 / seconds,
      // Linux reports in clock ticks of 1/100 s.
      java: pids.length > 0 ? (javaTicks() - ticks) / 100 / seconds : Number.NaN,
      eventLoop: performance.eventLoopUtilization(elu).utilization,
    };
  };
}
