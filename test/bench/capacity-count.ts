/**
 * The count path at 5,000 confirmed signatures/s on one petition, as designed in
 * docs/capacity.md "(d)": every partition's write and read units, stream shards and Lambda's
 * parallelisation, count freshness to count.json at the edge, and the counter's share of the
 * cost per million signatures. Called by test/bench/capacity.ts, which owns the inputs table.
 */
import { DELTA_PARTITIONS } from "../../shared/signatures/count-deltas.ts";
import { topology } from "../../shared/topology.ts";

export interface CountModelContext {
  input(name: string, value: number, unit: string, source: string): number;
  num(x: number, digits?: number): string;
  money(x: number): string;
  target: number;
  /** Write units per signature measured on the whole path, and the counter's share of them (table and index). */
  W: number;
  Tu: number;
  /** Per stage-2 transaction, the trending mark on the hour: its read and write, and the index's writes (measured). */
  hourMark: { table: number; read: number; index: number };
  /** The petition document's size (KB), and a signature's write units. */
  S: number;
  sigUnits: number;
  /** Each counting stage's run (ms, local: pessimistic). */
  countRunMs: number;
  mergeRunMs: number;
  /** count.json's and the petition JSON's Cache-Control max-age (s). */
  maxAge: number;
  petitionMaxAge: number;
  partitionWcu: number;
  partitionRcu: number;
  wru: number;
  rru: number;
  /** The measured cost per million without email, and the part of it the counter's units make. */
  withoutEmail: number;
  counterCostToday: number;
  /** The stream consumers' invocations per signature as measured (the bench's small batches). */
  consumerInvocations: Readonly<Record<StreamConsumer, number>>;
  /** Emails per signature, and SendMail's batch size. */
  emails: number;
  mailBatch: number;
  /** What each invocation costs apart from its duration: the request, and its log lines ($). */
  perInvocation: number;
  /** Lambda GB-s per million signatures as billed, and one signature at a time (every batch one record). */
  measuredGbs: number;
  oneAtATimeGbs: number;
}

/** The functions on the signing path that Lambda invokes from the table's stream. */
export const STREAM_CONSUMERS = ["CountSignatures", "MergeCounts", "SendMail"] as const;
export type StreamConsumer = (typeof STREAM_CONSUMERS)[number];

export interface PartitionRow {
  key: string;
  what: string;
  wcu: number;
  rcu: number;
}

export function countPathModel(c: CountModelContext) {
  const kb = (x: number) => Math.max(1, Math.ceil(x));
  // ---- Inputs of the design
  const polls = c.input(
    "d.polls",
    4,
    "polls/s per shard",
    "assumed: Lambda polls each DynamoDB stream shard about 4 times a second (not checked against the docs here)",
  );
  const windowOf = (name: string) =>
    topology.find((f) => f.name === name)?.stream?.batchingWindowSeconds ?? 0;
  const window = c.input(
    "d.window",
    Math.max(windowOf("CountSignatures"), windowOf("MergeCounts")),
    "s",
    "shared/topology.ts: MaximumBatchingWindowInSeconds of CountSignatures and MergeCounts (the larger)",
  );
  const streamLag = c.input(
    "d.stream_lag",
    0.5,
    "s p99",
    "assumed: DynamoDB Streams publishes in near real time; no bound is documented (capacity-figures §2)",
  );
  const countsKb = c.input(
    "d.S_counts",
    17,
    "KB",
    "counts item of a national petition: 650 constituencies, 200 countries, 12 regions at ~20 B each",
  );
  const wTable = c.W - c.Tu;
  const shards = c.input(
    "d.shards",
    Math.ceil((c.target * wTable) / c.partitionWcu),
    "shards",
    "at least one per table partition: the request path's writes (W - counter) per signature, 1,000 WCU per partition",
  );
  const pollRate = Math.min(polls, window > 0 ? 1 / window : polls);
  // ---- Stage 1: the shard's cursor and an immutable delta, per petition per shard batch (no read of the petition).
  const perInvocation = c.target / shards / pollRate;
  const txPerInvocation = Math.ceil(perInvocation / 98);
  const t1 = shards * pollRate * txPerInvocation;
  const n1 = c.target / t1;
  const deltaKb = 0.3 + 0.025 * (Math.min(n1, 650) + Math.min(n1, 20) + 12);
  const uDelta = kb(deltaKb);
  // Put by stage 1 and Delete by stage 2, both transactional (2 units per KB).
  const deltaLoad = t1 * 2 * uDelta * 2;
  const deltaPartitions = c.input(
    "d.k",
    DELTA_PARTITIONS,
    "partitions",
    "shared/signatures/count-deltas.ts DELTA_PARTITIONS: COUNTDELTA#<petition>#<k>, k from the shard id",
  );
  // ---- Stage 2: each delta partition's shard is read by one MergeCounts batch at a time.
  const t2 = deltaPartitions * pollRate;
  const uCounts = kb(countsKb);
  const docRefresh = 60;
  // Stage 2 reads the document and the counts item (one strong Query) per transaction.
  const mergeReadUnits = Math.ceil((c.S + countsKb) / 4);
  // Public reads: count.json and the petition JSON through CloudFront with Origin Shield.
  const originPerS = c.input(
    "d.origin",
    1 / c.maxAge + 1 / c.petitionMaxAge,
    "requests/s",
    "count.json and the petition's JSON: one origin fetch each per max-age (Origin Shield)",
  );
  const rows: PartitionRow[] = [
    {
      key: "`CURSOR#<shard>` each",
      what: `stage 1 moves its shard's cursor once per transaction (${c.num(t1 / shards, 1)}/s), after a strong read per invocation`,
      wcu: (t1 / shards) * 2,
      rcu: pollRate,
    },
    {
      key: "`COUNTDELTA#<id>#<k>` each",
      what: `stage 1 puts ${c.num(t1 / deltaPartitions, 1)} deltas/s of ${c.num(deltaKb, 1)} KB, stage 2 deletes them`,
      wcu: deltaLoad / deltaPartitions,
      rcu: 0,
    },
    {
      key: "`PETITION#<id>` (document, counts item, hours)",
      what: `stage 2: ${c.num(t2)} transactions/s rewrite the ${c.num(countsKb)} KB counts item and an hour item after one strong Query of document and counts, then mark the hour for trending (a strong read and an update); the document refreshed once per ${docRefresh} s; public origin reads (one Query each, eventually consistent)`,
      wcu: t2 * (2 * (uCounts + 1) + c.hourMark.table) + (2 * kb(c.S)) / docRefresh,
      rcu: t2 * (mergeReadUnits + c.hourMark.read) + (originPerS * mergeReadUnits) / 2,
    },
    {
      key: "`COUNTDELTA#<k>` (due index)",
      what: "each delta's entry in the sweep's list: put by stage 1, deleted by stage 2 (keys only)",
      wcu: (t1 / deltaPartitions) * 2,
      rcu: 0,
    },
    {
      key: "`SNAPSHOT` (due index)",
      what: `the counts item's refresh entry, moved by each stage 2 transaction while the document lags`,
      wcu: t2 * 2,
      rcu: 0,
    },
    {
      key: "`VISIBLE`, `STATE#open` (index)",
      what: `the document's count-keyed entries move once per ${docRefresh} s (delete + put)`,
      wcu: (2 * kb(c.S)) / docRefresh,
      rcu: 0,
    },
  ];
  const worstWcu = Math.max(...rows.map((r) => r.wcu));
  const worstRcu = Math.max(...rows.map((r) => r.rcu));
  // ---- Freshness: confirmation to count.json at the edge, p99.
  // Each stage: the stream publishes the record, Lambda polls (or waits out the window), the stage runs.
  const wait = streamLag + Math.max(window, 1 / polls);
  const hop = wait + (c.countRunMs + c.mergeRunMs) / 2000;
  const freshness = 2 * wait + (c.countRunMs + c.mergeRunMs) / 1000 + c.maxAge;
  // ---- Cost: the counter's units per signature at this rate, against what the bench measured.
  // Stage 1 also tallies trending sources per batch: email domains repeat within a batch, but
  // nearly every signer's IP is its own, so about one tally write per signature.
  const trendingUnits = c.input(
    "d.trend",
    1,
    "WCU per signature",
    "stage 1's trending tallies: one per distinct IP (and email domain) in a batch; at viral rates about one per signer",
  );
  // Stage 1: the cursor, the delta's put and delete (transactional), the delta's due entry put and
  // deleted. Stage 2: the counts item and the hour (transactional), the snapshot's due entry, and
  // the hour's trending mark and its index entries (measured). The document's refresh once a minute is left
  // out: at this rate it is below a ten-thousandth of a unit per signature.
  const counterUnits =
    (t1 * 2 +
      t1 * 2 * 2 * uDelta +
      t1 * 2 +
      t2 * (2 * uCounts + 2 + 2 + c.hourMark.table + c.hourMark.index)) /
      c.target +
    trendingUnits;
  const counterCost =
    counterUnits * 1e6 * c.wru +
    (t2 * (mergeReadUnits + c.hourMark.read) * 1e6 * c.rru + pollRate * shards * 1e6 * c.rru) / c.target;
  // Invocations at this rate: every shard's poll finds records, so each consumer is invoked once
  // per shard and poll (stage 2 once per delta partition and poll), and once more for each further
  // batch a poll's records fill (SendMail's batches hold 25). The bench's small batches invoked
  // them far more often per signature. Their Lambda time is left as measured (a fuller batch
  // shares the per-invocation work); requests and log lines fall with the count.
  const consumers: Record<StreamConsumer, number> = {
    CountSignatures: (shards * pollRate) / c.target,
    MergeCounts: t2 / c.target,
    SendMail:
      (shards * pollRate * Math.ceil((c.target * c.emails) / (shards * pollRate) / c.mailBatch)) / c.target,
  };
  const invocationSaving = STREAM_CONSUMERS.reduce(
    (sum, name) => sum + Math.max(0, c.consumerInvocations[name] - consumers[name]) * c.perInvocation * 1e6,
    0,
  );
  const withoutEmail = c.withoutEmail - c.counterCostToday + counterCost - invocationSaving;
  // Every write unit per signature at this rate: the path as measured, its counter's share at this rate.
  const writeUnits = c.W - c.Tu + counterUnits;
  return {
    writeUnits,
    consumers,
    invocationSaving,
    rows,
    shards,
    t1,
    n1,
    t2,
    deltaPartitions,
    worstWcu,
    worstRcu,
    freshness,
    hop,
    maxAge: c.maxAge,
    counterUnits,
    counterCost,
    withoutEmail,
  };
}

export function countPathSection(c: CountModelContext): string[] {
  const m = countPathModel(c);
  const { num, money } = c;
  const lines: string[] = [];
  const out = (line = "") => lines.push(line);
  out(`## (d) The count path at ${num(c.target)} signatures/s: the design`);
  out();
  out(
    "Stage 1 (CountSignatures) writes, per shard batch (chunks of up to 98 petitions), one transaction: the shard's cursor (the last sequence number applied) and one immutable delta item per petition with the batch's net changes; it reads nothing of the petition and writes nothing per signature. Stage 2 (one writer per delta partition, on the deltas' stream) merges deltas into the small counts item, deleting each delta in the same transaction, and refreshes the petition document and its count-keyed index entries once a minute or at once on a threshold or state change. The public JSON reads document and counts with one Query.",
  );
  out();
  for (const paragraph of WHY) {
    out(paragraph);
    out();
  }
  out("| partition | what | WCU/s | RCU/s |");
  out("|---|---|---:|---:|");
  for (const r of m.rows) out(`| ${r.key} | ${r.what} | ${num(r.wcu, 1)} | ${num(r.rcu, 1)} |`);
  out();
  out(
    `Highest: ${num(m.worstWcu)} WCU/s (limit ${num(c.partitionWcu)}) and ${num(m.worstRcu)} RCU/s (limit ${num(c.partitionRcu)}) per partition.`,
  );
  out();
  out(
    `Stream shards: at least ${num(m.shards)} (one per table partition the signing writes need). Lambda reads each with ParallelizationFactor 1 (the cursor needs one batch per shard in flight, in order), polled 4 times a second with no batching window: stage 1 makes ${num(m.t1)} transactions/s for the petition (${num(m.n1, 1)} signatures each), stage 2 ${num(m.t2)} over ${num(m.deltaPartitions)} delta partition(s).`,
  );
  out();
  out(
    `Freshness, confirmation to count.json at the edge, p99: 2 stream hops of ${num(m.hop, 2)} s on average (publication, poll or batching window, CountSignatures' ${num(c.countRunMs)} ms or MergeCounts' ${num(c.mergeRunMs)} ms run, local) + count.json's max-age ${num(m.maxAge)} s = **${num(m.freshness, 1)} s** (target 5 s). Measured locally (no edge cache, no stream publication delay): see \`signing.count_freshness\` in bench/results.json.`,
  );
  out();
  out(
    `Cost per million signatures before email: at this rate the counter's writes and reads cost ${money(m.counterCost)} (${num(m.counterUnits, 2)} write units per signature) where the bench's small local batches cost ${money(c.counterCostToday)}. The stream consumers are invoked once per shard and poll, and again for each further full batch (${STREAM_CONSUMERS.map((name) => `${name} ${num(m.consumers[name], 4)} invocations per signature, ${num(c.consumerInvocations[name], 3)} in the bench`).join("; ")}), which saves ${money(m.invocationSaving)} of requests and log lines; their Lambda time per signature is kept as measured (a fuller batch shares the per-invocation work; the bound from above, every record billed as a whole one-record invocation, is the one-at-a-time GB-s under (a), ${money(c.oneAtATimeGbs - c.measuredGbs)} more). With the rest of the path as measured, **${money(m.withoutEmail)}** (target $10: the rest is the request path's sign, mail and verify writes, API Gateway and Lambda time). Write units per confirmed signature at this rate, indexes included: ${num(c.W, 3)} measured, less the counter's ${num(c.Tu, 3)} in the bench (Tu + Gu, its table and index writes), plus its ${num(m.counterUnits, 3)} here: **${num(m.writeUnits, 3)}** (target 6, the floor 2 times 3). The rest is one write each that no batch shares: the rate-limit window, the signature, its three index entries (the mail jobs' signers list and staff search by email and by IP), the confirmation, and the email's count against the address's daily cap and its mark as sent; with about one trending tally per signer in the counter's share.`,
  );
  out();
  return lines;
}

/** Why the counter is built as it is; each AWS behaviour named is documented where cited. */
const WHY = [
  "### Why this design",
  '**A cursor per shard.** With a tumbling window (TumblingWindowInSeconds) on the event source mapping, Lambda\'s DynamoDB event names its shard (`shardId`), and the function must answer with a `state` (Lambda developer guide, "Tumbling windows" for DynamoDB streams). Records within a shard are in order and sequence numbers increase within it (DynamoDB Streams API, `SequenceNumber`, 21 to 40 digits, compared as numbers). So stage 1 keeps, per shard, the last sequence number applied (`CURSOR#<shard>`), moved in the same transaction as the deltas it applies, on condition that it is still the value read: the stream is its own idempotency key, and no signature carries a mark.',
  '**Replays skip what the cursor covers.** Lambda is at-least-once: a batch is retried, and with ReportBatchItemFailures replayed from the lowest failed sequence number; records may come again (Lambda developer guide, "Configuring partial batch response with DynamoDB and Lambda"). With ParallelizationFactor 1 (the default) one batch per shard is in flight, and with BisectBatchOnFunctionError off a failed batch is retried in order from the record reported. Stage 1 applies a batch as prefixes (chunks of up to 98 petitions), each in one transaction with the cursor; a chunk that fails is reported from its first record; a cursor that moved (a committed write whose reply was lost) is read again and what it covers is dropped. A batch that fails after its retries is skipped by Lambda and its on-failure record names the shard and the range, which RecountFailedBatch reads back from the stream and applies once, keyed by the range. test/integration/counter-stream.test.ts checks this over arbitrary batches, lost replies in both stages, replays, duplicates, re-deliveries and shard rollover.',
  "**Two stages, so no batch rewrites a large item.** Every shard's batch for a viral petition would otherwise rewrite the same counts item. Stage 1 writes the cursor and one immutable delta per petition and batch, into a few delta partitions (by shard); stage 2, one writer per delta partition (ParallelizationFactor 1, the default), merges deltas into the counts item and deletes each in the same transaction, so a replayed merge finds its deltas gone and adds nothing. The petition document and its count-keyed index entries are refreshed from the counts at most once a minute (e-petitions' own interval) or at once when a threshold or the state changes.",
];
