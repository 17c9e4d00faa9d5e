/**
 * The count path at 5,000 confirmed signatures/s on one petition, as designed in
 * docs/capacity.md "(d)": every partition's write and read units, stream shards and Lambda's
 * parallelisation, count freshness to count.json at the edge, and the counter's share of the
 * cost per million signatures. Called by test/bench/capacity.ts, which owns the inputs table.
 */

export interface CountModelContext {
  input(name: string, value: number, unit: string, source: string): number;
  num(x: number, digits?: number): string;
  money(x: number): string;
  target: number;
  /** Write units per signature measured on the whole path, and the counter's share of them. */
  W: number;
  Tu: number;
  /** The petition document's size (KB), and a signature's write units. */
  S: number;
  sigUnits: number;
  countRunMs: number;
  maxAge: number;
  partitionWcu: number;
  partitionRcu: number;
  wru: number;
  rru: number;
  /** Today's cost per million without email, and the part of it the counter's writes make. */
  withoutEmail: number;
  counterCostToday: number;
}

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
  const window = c.input(
    "d.window",
    0,
    "s",
    "design: MaximumBatchingWindowInSeconds 0 on both counting stages (freshness)",
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
  const maxAge = c.input("d.max_age", 2, "s", "design: count.json and petition JSON Cache-Control max-age");
  const wTable = c.W - c.Tu;
  const shards = c.input(
    "d.shards",
    Math.ceil((c.target * wTable) / c.partitionWcu),
    "shards",
    "at least one per table partition: signing writes W - Tu per signature, 1,000 WCU per partition",
  );
  // ---- Stage 1: the shard's cursor and an immutable delta, per petition per shard batch (no read of the petition).
  const perInvocation = c.target / shards / Math.max(polls, 1 / Math.max(window, 1e-9));
  const txPerInvocation = Math.ceil(perInvocation / 98);
  const t1 = shards * Math.min(polls, window > 0 ? 1 / window : polls) * txPerInvocation;
  const n1 = c.target / t1;
  const deltaKb = 0.3 + 0.025 * (Math.min(n1, 650) + Math.min(n1, 20) + 12);
  const uDelta = kb(deltaKb);
  // Put by stage 1 and Delete by stage 2, both transactional (2 units per KB).
  const deltaLoad = t1 * 2 * uDelta * 2;
  const deltaPartitions = c.input(
    "d.k",
    Math.max(1, Math.ceil(deltaLoad / (0.8 * c.partitionWcu))),
    "partitions",
    "DELTA#<petition>#<k>: as many as keep each under 80 % of 1,000 WCU/s",
  );
  // ---- Stage 2: one writer per delta partition merges into the counts item.
  const t2 = deltaPartitions * Math.min(polls, window > 0 ? 1 / window : polls);
  const uCounts = kb(countsKb);
  const docRefresh = 60;
  const rows: PartitionRow[] = [
    {
      key: "`CURSOR#<shard>` each",
      what: `stage 1 moves its shard's cursor once per transaction (${c.num(t1 / shards, 1)}/s), after a strong read per invocation`,
      wcu: (t1 / shards) * 2,
      rcu: Math.min(polls, window > 0 ? 1 / window : polls),
    },
    {
      key: "`DELTA#<id>#<k>` each",
      what: `stage 1 puts ${c.num(t1 / deltaPartitions, 1)} deltas/s of ${c.num(deltaKb, 1)} KB, stage 2 deletes them`,
      wcu: deltaLoad / deltaPartitions,
      rcu: 0,
    },
    {
      key: "`COUNTS#<id>`",
      what: `stage 2: ${c.num(t2)} transactions/s rewrite the ${c.num(countsKb)} KB counts item after a strong read`,
      wcu: t2 * 2 * uCounts,
      rcu: t2 * Math.ceil(countsKb / 4),
    },
    {
      key: "`PETITION#<id>`",
      what: `hour items (stage 2, ${c.num(t2)}/s) and the document refreshed once per ${docRefresh} s`,
      wcu: t2 * 2 + (2 * kb(c.S)) / docRefresh,
      rcu: 0,
    },
    {
      key: "`VISIBLE`, `STATE#open` (index)",
      what: `the document's count-keyed entries move once per ${docRefresh} s (delete + put)`,
      wcu: (2 * kb(c.S)) / docRefresh,
      rcu: 0,
    },
  ];
  // Public reads: count.json and the petition JSON through CloudFront with Origin Shield.
  const originPerS = c.input(
    "d.origin",
    2 / maxAge,
    "requests/s",
    "2 documents per petition, one origin fetch each per max-age (Origin Shield)",
  );
  rows.push({
    key: "`PETITION#<id>` + `COUNTS#<id>` (reads)",
    what: "BatchGet of document and counts, eventually consistent, per origin fetch",
    wcu: 0,
    rcu: originPerS * (Math.ceil(c.S / 4) / 2 + Math.ceil(countsKb / 4) / 2),
  });
  const worstWcu = Math.max(...rows.map((r) => r.wcu));
  const worstRcu = Math.max(...rows.map((r) => r.rcu));
  // ---- Freshness: confirmation to count.json at the edge, p99.
  const run = c.countRunMs / 1000;
  const hop = streamLag + Math.max(window, 1 / polls) + run;
  const freshness = 2 * hop + maxAge;
  // ---- Cost: the counter's units per signature, against today's.
  // No per-signature write: the cursor (1 KB, transactional) per stage 1 transaction.
  const counterUnits = (t1 * 2 + t1 * 2 * 2 * uDelta + t2 * (2 * uCounts + 2)) / c.target;
  const counterCost = counterUnits * 1e6 * c.wru + (t2 * Math.ceil(countsKb / 4) * 1e6 * c.rru) / c.target;
  const withoutEmail = c.withoutEmail - c.counterCostToday + counterCost;
  return {
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
    maxAge,
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
    `Stream shards: at least ${num(m.shards)} (one per table partition the signing writes need). Lambda reads each with ParallelizationFactor 1 (the cursor needs one batch per shard in flight, in order), polled 4 times a second: stage 1 makes ${num(m.t1)} transactions/s for the petition (${num(m.n1, 1)} signatures each), stage 2 ${num(m.t2)} over ${num(m.deltaPartitions)} delta partition(s).`,
  );
  out();
  out(
    `Freshness, confirmation to count.json at the edge, p99: 2 stream hops of ${num(m.hop, 2)} s (publication, poll, run) + max-age ${num(m.maxAge)} s = **${num(m.freshness, 1)} s** (target 5 s). With today's max-age of ${num(c.maxAge)} s it would be ${num(m.freshness - m.maxAge + c.maxAge, 1)} s: the JSON's max-age must come down to ${num(m.maxAge)} s.`,
  );
  out();
  out(
    `Cost per million signatures before email: the counter's writes cost ${money(m.counterCost)} instead of ${money(c.counterCostToday)}; with the rest of the path as measured, **${money(m.withoutEmail)}** (target $10: the rest is the request path's sign and verify writes and Lambda time).`,
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
