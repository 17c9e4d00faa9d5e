/**
 * `npm run capacity`: the capacity model. Reads the figures `npm run bench` measured
 * (bench/results.json: write/read units, calls, invocations and durations per signature) and
 * the list prices and AWS limits of ../shared/reference/capacity-figures.md, and writes
 * docs/capacity.md: (a) the AWS cost per million signatures, (b) the viral day, (c) 5,000
 * confirmed signatures/s on one petition against every limit that could bind. Every number in
 * the document is an input (with its source) or a formula over inputs, printed beside it.
 */

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { COUNT_FRESHNESS, PETITION_FRESHNESS } from "../../shared/http/contract.ts";
import { TREND_SHARDS } from "../../shared/signatures/trending-sources.ts";
import { topology } from "../../shared/topology.ts";
import { functionDefaults } from "../../shared/topology-types.ts";
import { countPathModel, countPathSection, STREAM_CONSUMERS, type StreamConsumer } from "./capacity-count.ts";
import { billedDuration, FULL_VCPU_MB } from "./lambda-billing.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const results = JSON.parse(readFileSync(resolve(root, "bench/results.json"), "utf8")) as {
  figures: Record<string, { value: number; unit: string }>;
  meta: {
    date: string;
    commit: string | null;
    groups: Record<string, { date: string; commit: string | null }>;
  };
};

// ---------------------------------------------------------------------------------------------
// Inputs: measured (bench/results.json), configured (topology, code), priced and limited (reference).

interface Input {
  value: number;
  unit: string;
  source: string;
}
const inputs = new Map<string, Input>();
function input(name: string, value: number, unit: string, source: string): number {
  inputs.set(name, { value, unit, source });
  return value;
}
function measured(name: string, key: string): number {
  const f = results.figures[key];
  if (!f || !Number.isFinite(f.value))
    throw new Error(`bench/results.json has no ${key}: run npm run bench first`);
  return input(name, f.value, f.unit, `bench/results.json \`${key}\``);
}
const optionalMeasured = (name: string, key: string, fallback: number): number =>
  results.figures[key]
    ? measured(name, key)
    : input(name, fallback, "", `absent from bench/results.json, ${fallback} assumed`);
/** A measured input when bench/results.json has it, else nothing (and no input row). */
const measuredIfPresent = (name: string, key: string): number | undefined =>
  Number.isFinite(results.figures[key]?.value) ? measured(name, key) : undefined;

const PATH_FUNCTIONS = [
  "SignPetition",
  "VerifySignature",
  "CountSignatures",
  "MergeCounts",
  "IndexPetitions",
  "SendMail",
];
/** The two counting stages: their units per signature are the counter's share. */
const COUNTER_FUNCTIONS = ["CountSignatures", "MergeCounts"];
const defaultMemory = functionDefaults.memoryMB;

// Table write units (DynamoDB's own answer, the table's share) and index write units (AWS's rules
// applied by the local engine to every write's old and new image: infra/local/index-writes.ts).
const W = measured("W", "signing.table_write_units_per_signature");
const G = measured("G", "signing.index_write_units_per_signature");
const gSigners = optionalMeasured("G.signers", "signing.index_write_units_per_signature.signers", 0);
const R = measured("R", "signing.read_units_per_signature");
const unloadedPeople = measuredIfPresent("people_u", "signing.unloaded.people");
const perFunction = PATH_FUNCTIONS.map((name) => {
  const spec = topology.find((f) => f.name === name);
  const invocations = optionalMeasured(`I.${name}`, `signing.per_signature.${name}.invocations`, 0);
  const duration = optionalMeasured(`D.${name}`, `signing.per_signature.${name}.duration`, 0);
  const memory = input(
    `M.${name}`,
    spec?.memoryMB ?? defaultMemory,
    "MB",
    spec?.memoryMB ? "shared/topology.ts memoryMB" : "shared/topology-types.ts functionDefaults.memoryMB",
  );
  const http = (spec?.routes?.length ?? 0) > 0;
  // What Lambda bills: the unloaded run's CPU at the function's vCPU share, plus its waiting.
  const unloaded = measuredIfPresent(`Du.${name}`, `signing.unloaded.${name}.duration`);
  const cpu = measuredIfPresent(`C.${name}`, `signing.unloaded.${name}.cpu`);
  const billed = billedDuration(memory, { loaded: duration, unloaded, cpu });
  input(
    `Db.${name}`,
    billed.ms,
    "ms/invocation",
    billed.basis === "unloaded"
      ? `C x max(1, ${FULL_VCPU_MB}/M) + (Du - C) = ${billed.cpuMs.toFixed(1)} + ${billed.waitMs.toFixed(1)} (test/bench/lambda-billing.ts)`
      : "= D: no unloaded figures in bench/results.json, the loaded duration is billed",
  );
  // Invocations per signature in the unloaded run: every stream batch about one record.
  const alone = results.figures[`signing.unloaded.${name}.invocations`]?.value;
  const overlapped = results.figures[`signing.unloaded.${name}.overlapped`]?.value ?? 0;
  const invocationsAlone =
    billed.basis === "unloaded" && alone !== undefined && unloadedPeople
      ? input(
          `Iu.${name}`,
          (alone + overlapped) / unloadedPeople,
          "invocations",
          `bench/results.json (\`signing.unloaded.${name}.invocations\` + \`.overlapped\`) / people_u`,
        )
      : undefined;
  return { name, invocations, duration, memory, http, unloaded, cpu, billed, invocationsAlone };
});
/** Functions on the path that ran but have no unloaded figures: billed at their loaded D. */
const billedLoaded = perFunction.filter((f) => f.invocations > 0 && f.billed.basis === "loaded");
const E = measured("E", "signing.per_signature.SendMail.SendEmail.calls");
/** The sum of the counting stages' per-call figures named `<...>.<suffix>`, and how many there are. */
function counterSum(suffix: string): { sum: number; count: number } {
  const keys = Object.keys(results.figures).filter((key) =>
    COUNTER_FUNCTIONS.some(
      (fn) => key.startsWith(`signing.per_signature.${fn}.`) && key.endsWith(`.${suffix}`),
    ),
  );
  return { sum: keys.reduce((sum, key) => sum + (results.figures[key]?.value ?? 0), 0), count: keys.length };
}
// The counter's table write units per signature as measured (both stages, every operation; the
// units DynamoDB Local charged its indexes left out, the counter's index writes are Gu below).
const counterTable = counterSum("table_write_units");
if (counterTable.count === 0)
  throw new Error("bench/results.json has no counter table_write_units: run npm run bench -- --only=signing");
const txUnits = input(
  "Tu",
  counterTable.sum,
  "WCU",
  `bench/results.json: the sum of ${counterTable.count} figures \`signing.per_signature.{CountSignatures,MergeCounts}.*.table_write_units\``,
);
// The counter's read units per signature as measured (its cursors, deltas, document and counts).
const counterReads = counterSum("read_units");
const counterReadUnits = input(
  "Ru",
  counterReads.sum,
  "RCU",
  `bench/results.json: the sum of ${counterReads.count} figures \`signing.per_signature.{CountSignatures,MergeCounts}.*.read_units\``,
);
/**
 * The counter's index writes as measured, by AWS's rules: those of the items in the partitions
 * only the counting stages write (key classes, infra/local/key-class.ts: deltas, cursors,
 * trending tallies, and the petition's own partition: its document, counts and hours; the
 * request path writes signatures, rate windows, mail caps and outbox messages).
 */
const COUNTER_PARTITIONS = ["countdelta", "cursor", "trend", "petition"];
const BY_ITEM = "signing.index_write_units_per_signature.by_item.";
const counterIndexKeys = Object.keys(results.figures).filter(
  (key) =>
    key.startsWith(BY_ITEM) && COUNTER_PARTITIONS.includes(key.slice(BY_ITEM.length).split(".")[0] ?? ""),
);
const counterIndexUnits = input(
  "Gu",
  counterIndexKeys.reduce((sum, key) => sum + (results.figures[key]?.value ?? 0), 0),
  "WCU",
  `bench/results.json: the sum of the ${counterIndexKeys.length} figures \`${BY_ITEM}<class>\` whose partition is ${COUNTER_PARTITIONS.join(", ")}`,
);
/**
 * Per stage-2 transaction, what the hour costs beyond its transactional write, as measured: the
 * trending list's mark on it (a strong GetItem and an UpdateItem, in the petition's partition)
 * and its entries in the trending index (`TRENDING#<hour>`).
 */
const mergeTransactions = optionalMeasured(
  "t2_calls",
  "signing.per_signature.MergeCounts.TransactWriteItems.calls",
  0,
);
const perMerge = (name: string, unit: string, keys: string[]) =>
  input(
    name,
    mergeTransactions > 0
      ? keys.reduce((sum, key) => sum + (results.figures[key]?.value ?? 0), 0) / mergeTransactions
      : 0,
    `${unit} per stage-2 transaction`,
    `bench/results.json ${keys.map((key) => `\`${key}\``).join(" + ")} / t2_calls`,
  );
const hourMark = {
  table: perMerge("U_mark", "WCU", ["signing.per_signature.MergeCounts.UpdateItem.table_write_units"]),
  read: perMerge("R_mark", "RCU", ["signing.per_signature.MergeCounts.GetItem.read_units"]),
  index: perMerge("U_trending", "WCU", [`${BY_ITEM}petition.hour`]),
};
const localConfirmed = measured("local_rate", "signing.confirmed_per_second");
const knee = optionalMeasured("knee", "saturation.knee_offered", Number.NaN);
const saturated = optionalMeasured("local_max", "saturation.max_confirmed_per_second", Number.NaN);

// Prices: us-east-1 list prices (capacity-figures.md; eu-west-2 prices were "not found" there).
const P = {
  lambdaRequest: input("p.lambda_req", 0.2 / 1e6, "$/request", "capacity-figures §4a ($0.20 per 1 M)"),
  lambdaGbS: input("p.lambda_gbs", 0.0000133334, "$/GB-s", "capacity-figures §4a (arm64)"),
  api: input("p.api", 1.0 / 1e6, "$/request", "capacity-figures §5 (HTTP API, first 300 M)"),
  wru: input("p.wru", 0.625 / 1e6, "$/WRU", "capacity-figures §2 (on-demand, after Nov 2024)"),
  rru: input("p.rru", 0.125 / 1e6, "$/RRU", "capacity-figures §2"),
  streamRead: input("p.stream", 0, "$/read", "capacity-figures §2 (stream reads by Lambda are free)"),
  ses: input("p.ses", 0.1 / 1000, "$/email", "capacity-figures §3 ($0.10 per 1,000)"),
  logsGb: input(
    "p.logs",
    0.5,
    "$/GB ingested",
    "NOT in capacity-figures.md: CloudWatch Logs standard ingestion, AWS pricing page (check before use)",
  ),
  cdn: input(
    "p.cdn",
    0.01 / 10_000,
    "$/request",
    "NOT in capacity-figures.md: CloudFront HTTPS requests, US/Europe, AWS pricing page (check before use)",
  ),
};
const logBytes = input(
  "B_log",
  700,
  "bytes/invocation",
  "assumed: Lambda START/END/REPORT lines (~350 B) + one structured line; the service logs no per-request detail",
);

// Limits (capacity-figures.md).
const L = {
  partitionWcu: input(
    "L.partition_wcu",
    1000,
    "WCU/s",
    "capacity-figures §2 (per partition, also a hot item)",
  ),
  partitionRcu: input("L.partition_rcu", 3000, "RCU/s", "capacity-figures §2"),
  tableWru: input("L.table_wru", 40_000, "WRU/s", "capacity-figures §2 (on-demand table quota, adjustable)"),
  tableRru: input("L.table_rru", 40_000, "RRU/s", "capacity-figures §2"),
  newTableWru: input(
    "L.new_table_wru",
    4_000,
    "WRU/s",
    "capacity-figures §2 (new on-demand table, instantly)",
  ),
  lambdaConcurrency: input("L.lambda", 1_000, "executions", "capacity-figures §4a (Region default)"),
  lambdaScale: input("L.lambda_scale", 1_000, "environments / 10 s", "capacity-figures §4a"),
  api: input("L.api", 10_000, "requests/s", "capacity-figures §5 (account, Region)"),
  sesNew: input("L.ses", 14, "emails/s", "capacity-figures §3 (typical initial production quota)"),
  sesDay: input("L.ses_day", 50_000, "emails/24 h", "capacity-figures §3"),
  txActions: input("L.tx", 100, "actions", "capacity-figures §2 (TransactWriteItems)"),
};
const signerShards = input(
  "C.shards",
  10,
  "shards",
  "shared/config.ts SIGNER_INDEX_SHARDS default (max 100)",
);
const countBatch = input("C.batch", 500, "records", "shared/topology.ts CountSignatures batchSize");
const sendMailSpec = topology.find((spec) => spec.name === "SendMail");
const mailBatch = input(
  "C.mailbatch",
  sendMailSpec?.stream?.batchSize ?? 1,
  "records",
  "shared/topology.ts SendMail batchSize (one send-rate write per batch)",
);

// ---------------------------------------------------------------------------------------------
// The petition item: its size in KB (what every counter write costs, in the table and in every
// index that projects it), from a synthetic viral petition with every breakdown filled.

function ddbSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === "boolean") return 1;
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number")
    return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, "").length / 2) + 1;
  if (Array.isArray(value)) return 3 + value.reduce((s: number, v) => s + ddbSize(v) + 1, 0);
  return (
    3 +
    Object.entries(value as Record<string, unknown>).reduce(
      (s, [k, v]) => s + Buffer.byteLength(k) + ddbSize(v) + 1,
      0,
    )
  );
}
const { petitionItem } = await import("../../shared/petitions/store.ts");
const filled = (n: number, key: (i: number) => string, count: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [key(i), count]));
const viral = petitionItem({
  entity: "PETITION",
  id: 241584,
  action: "A".repeat(80),
  background: "B".repeat(300),
  additional_details: "C".repeat(800),
  state: "open",
  creator_name: "Creator Name",
  creator_signature_id: "x".repeat(60),
  sponsor_token: "x".repeat(43),
  signature_count: 6_103_056,
  sponsor_count: 5,
  by_country: filled(200, (i) => `C${i.toString(36).padStart(2, "0")}`, 12_345),
  by_constituency: filled(650, (i) => `E14${String(i).padStart(6, "0")}`, 9_876),
  by_region: filled(12, (i) => `E1200000${i}`, 543_210),
  created_at: "2019-02-13T16:47:18.000Z",
  updated_at: "2019-03-21T12:00:00.000Z",
  opened_at: "2019-02-20T10:00:00.000Z",
  response_state: "awaiting",
  debate_state: "awaiting",
  moderation_log: [],
  version: 123_456,
} as never) as Record<string, unknown>;
const S_synthetic = input(
  "S_synth",
  Math.ceil(ddbSize(viral) / 1024),
  "KB",
  "petitionItem() of a petition with 650 constituencies, 200 countries, 12 regions (this script)",
);
// A confirmed signature item as shared/signatures/sign.ts writes it, then verify and the counter.
const signatureItem = {
  PK: `SIGNATURE#241584#${"e".repeat(43)}`,
  SK: "SLOT#1",
  entity: "SIGNATURE",
  id: `241584-1-${"e".repeat(43)}`,
  petition_id: 241584,
  slot: 1,
  kind: "signature",
  name: "Firstname Lastname-Longer",
  email: "firstname.lastname@example-mail.co.uk",
  postcode: "SW1A1AA",
  location: "GB",
  constituency_id: "E14000639",
  region_id: "E12000007",
  ip: "203.0.113.123",
  state: "validated",
  notify_by_email: true,
  token_hashes: ["h".repeat(43)],
  unsubscribe_token: "u".repeat(43),
  email_count: 1,
  created_at: "2019-03-21T12:00:00.000Z",
  validated_at: "2019-03-21T12:01:00.000Z",
  name_key: "firstname lastname-longer",
  signersPK: "SIGNERS#241584#7",
  signersSK: `241584-1-${"e".repeat(43)}`,
  byEmailPK: `EMAIL#${"e".repeat(22)}`,
  byEmailSK: `2019-03-21T12:00:00.000Z#241584-1-${"e".repeat(43)}`,
  byIpPK: `IP#${"i".repeat(22)}`,
  byIpSK: `2019-03-21T12:00:00.000Z#241584-1-${"e".repeat(43)}`,
  expiresAt: 1_555_555_555,
};
const sigUnits = input(
  "U_sig",
  Math.ceil(ddbSize(signatureItem) / 1024),
  "WCU per write",
  `a confirmed signature item (~${ddbSize(signatureItem)} B, this script) rounded up to 1 KB units`,
);
const S = input(
  "S_pet",
  S_synthetic,
  "KB",
  "the petition document with its counts snapshot: what a refresh of it writes",
);

// ---------------------------------------------------------------------------------------------
// Formulas.

const lines: string[] = [];
const out = (line = "") => lines.push(line);
const money = (x: number) =>
  x >= 100 ? `$${x.toFixed(0)}` : x >= 1 ? `$${x.toFixed(2)}` : `$${x.toFixed(4)}`;
const num = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : "n/a";

const lambdaRequests = perFunction.reduce((s, f) => s + f.invocations, 0);
const gbSeconds = perFunction.reduce(
  (s, f) => s + f.invocations * (f.billed.ms / 1000) * (f.memory / 1024),
  0,
);
/** The same with the loaded D, as the model billed before the unloaded figures: for comparison. */
const gbSecondsLoaded = perFunction.reduce(
  (s, f) => s + f.invocations * (f.duration / 1000) * (f.memory / 1024),
  0,
);
/** Signatures one at a time: the unloaded run's own invocations per signature, batches of one record. */
const gbSecondsOneAtATime = perFunction.reduce(
  (s, f) => s + (f.invocationsAlone ?? f.invocations) * (f.billed.ms / 1000) * (f.memory / 1024),
  0,
);
const apiRequests = perFunction.filter((f) => f.http).reduce((s, f) => s + f.invocations, 0);
// An environment is busy for the billed duration: Little's law counts environments with it.
const busySecondsPerSig = perFunction.reduce((s, f) => s + f.invocations * (f.billed.ms / 1000), 0);
const M = 1e6;
const cost = {
  lambdaReq: lambdaRequests * M * P.lambdaRequest,
  lambdaGbs: gbSeconds * M * P.lambdaGbS,
  api: apiRequests * M * P.api,
  wru: W * M * P.wru,
  gsi: G * M * P.wru,
  rru: R * M * P.rru,
  streams: 0,
  logs: ((lambdaRequests * M * logBytes) / 1e9) * P.logsGb,
  ses: E * M * P.ses,
};
const withoutEmail =
  cost.lambdaReq + cost.lambdaGbs + cost.api + cost.wru + cost.gsi + cost.rru + cost.streams + cost.logs;
const withEmail = withoutEmail + cost.ses;

out("# Capacity model");
out();
out(
  `Generated by \`npm run capacity\` (test/bench/capacity.ts) from bench/results.json (figures of ${results.meta.groups.signing?.date ?? results.meta.date}, commit ${results.meta.groups.signing?.commit ?? results.meta.commit}) and ../shared/reference/capacity-figures.md. Do not edit by hand: change the inputs and run it again.`,
);
out();
out(
  "Prices are **us-east-1 list prices**: capacity-figures.md found no eu-west-2 prices for Lambda, API Gateway, DynamoDB or SES (London is typically a little dearer). Measured figures come from the local engine (DynamoDB Local, local SES, handlers in one Node process on 2 shared cores): write and read units are DynamoDB's own ConsumedCapacity answers; Lambda time is billed from each function's unloaded run (one invocation at a time, as a Lambda execution environment serves them), its CPU stretched to the function's vCPU share: see D_billed under (a). Its waiting part is as measured against the local emulators on loopback, not AWS's network: on AWS it may be longer.",
);
out();
out("## Answers");
out();

// ---- (c) computed first, for the summary.
const target = 5_000;
interface Limit {
  what: string;
  key: string;
  demand: string;
  limit: string;
  maxRate: number;
  adjustable: string;
}
const limits: Limit[] = [];
// 1-4. The count path's partitions (docs/capacity.md (d), test/bench/capacity-count.ts).
const countContext = {
  input,
  num,
  money,
  target,
  W: W + G,
  Tu: txUnits + counterIndexUnits,
  hourMark,
  S,
  sigUnits,
  countRunMs: perFunction.find((f) => f.name === "CountSignatures")?.duration ?? 0,
  mergeRunMs: perFunction.find((f) => f.name === "MergeCounts")?.duration ?? 0,
  maxAge: COUNT_FRESHNESS.maxAge,
  petitionMaxAge: PETITION_FRESHNESS.maxAge,
  partitionWcu: L.partitionWcu,
  partitionRcu: L.partitionRcu,
  wru: P.wru,
  rru: P.rru,
  withoutEmail,
  counterCostToday: (txUnits + counterIndexUnits) * M * P.wru + counterReadUnits * M * P.rru,
  consumerInvocations: Object.fromEntries(
    STREAM_CONSUMERS.map((name) => [name, perFunction.find((f) => f.name === name)?.invocations ?? 0]),
  ) as Record<StreamConsumer, number>,
  emails: E,
  mailBatch,
  perInvocation: P.lambdaRequest + (logBytes / 1e9) * P.logsGb,
  measuredGbs: cost.lambdaGbs,
  oneAtATimeGbs: gbSecondsOneAtATime * M * P.lambdaGbS,
};
const countModel = countPathModel(countContext);
const busiest = countModel.rows.reduce((a, b) => (b.wcu > a.wcu ? b : a));
limits.push({
  what: `Busiest partition of the count path: ${busiest.key} (docs/capacity.md (d))`,
  key: busiest.key,
  demand: `${num(busiest.wcu)} WCU/s (${busiest.what})`,
  limit: `${num(L.partitionWcu)} WCU/s`,
  maxRate: (target * L.partitionWcu) / busiest.wcu,
  adjustable: "no (hard per-partition limit; the model scales it linearly)",
});
const busiestRead = countModel.rows.reduce((a, b) => (b.rcu > a.rcu ? b : a));
limits.push({
  what: `Busiest partition read by the count path and the public JSON: ${busiestRead.key}`,
  key: busiestRead.key,
  demand: `${num(busiestRead.rcu)} RCU/s`,
  limit: `${num(L.partitionRcu)} RCU/s`,
  maxRate: (target * L.partitionRcu) / Math.max(busiestRead.rcu, 1e-9),
  adjustable: "no (hard per-partition limit)",
});
// Signers index shards: each signature's entry is written once, at sign (confirming changes nothing it projects), as measured.
limits.push({
  what: `Signers index shards (${signerShards} shards; ${num(gSigners, 2)} index write units per signature, measured)`,
  key: "`SIGNERS#<id>#<n>`",
  demand: `${target} x ${num(gSigners, 2)} / ${signerShards} = ${num((target * gSigners) / signerShards)} WCU/s per shard`,
  limit: `${num(L.partitionWcu)} WCU/s`,
  maxRate: (L.partitionWcu * signerShards) / Math.max(gSigners, 1e-9),
  adjustable: `yes: SIGNER_INDEX_SHARDS up to 100 (${num((L.partitionWcu * 100) / Math.max(gSigners, 1e-9))}/s)`,
});
// Trending-source tallies: stage 1 adds each batch's signers per (IP, domain), and at viral rates
// nearly every signer has an address of their own: about one tally write per signature.
limits.push({
  what: `Trending-source tallies (${TREND_SHARDS} partitions per petition and hour, by the source's hash)`,
  key: "`TREND#<id>#<hour>#<n>`",
  demand: `${target} x 1 / ${TREND_SHARDS} = ${num(target / TREND_SHARDS)} WCU/s per partition`,
  limit: `${num(L.partitionWcu)} WCU/s`,
  maxRate: L.partitionWcu * TREND_SHARDS,
  adjustable: "no (TREND_SHARDS in shared/signatures/trending-sources.ts)",
});
// The account's SES rate, shared by every sender: one window item per second; the stream
// consumer counts each batch's emails in one update (shared/mail/rate.ts).
limits.push({
  what: `Mail send-rate window (one item per second, an update per SendMail batch of up to ${mailBatch} emails)`,
  key: "`MAILRATE#<second>`",
  demand: `${target} x ${E} / ${mailBatch} = ${num((target * E) / mailBatch)} WCU/s on the second's item (full batches)`,
  limit: `${num(L.partitionWcu)} WCU/s`,
  maxRate: (L.partitionWcu * mailBatch) / Math.max(E, 1e-9),
  adjustable: "no (but SES's own send rate binds long before it)",
});
// The suppression list is one partition, read (eventually consistent, half a unit) before each send.
limits.push({
  what: "Suppression list (one partition, an eventually consistent read of half a unit before each email)",
  key: "`SUPPRESSION`",
  demand: `${target} x ${E} x 0.5 = ${num(target * E * 0.5)} RCU/s`,
  limit: `${num(L.partitionRcu)} RCU/s`,
  maxRate: L.partitionRcu / Math.max(E * 0.5, 1e-9),
  adjustable: "no (hard per-partition limit)",
});
// The trending index: one hourly item re-keyed per stage 2 transaction.
limits.push({
  what: "Trending index (one hourly item re-keyed per merge)",
  key: "`TRENDING#<hour>`",
  demand: `${num(countModel.t2)} merges/s x U_trending ${num(hourMark.index, 2)} WCU = ${num(countModel.t2 * hourMark.index)} WCU/s`,
  limit: `${num(L.partitionWcu)} WCU/s`,
  maxRate: (target * L.partitionWcu) / Math.max(countModel.t2 * hourMark.index, 1e-9),
  adjustable: "no",
});
// 5. Rate-limit windows and signatures: keyed per (petition, IP) and per (petition, email).
limits.push({
  what: "Rate-limit windows (1 update per sign), mail caps, signature items, outbox items, staff-search index entries",
  key: "`RATE#sign#<id>#<ip>#…`, `MAILCAP#all#<email>`, `SIGNATURE#<id>#<email>`, `OUTBOX#<id>`, `EMAIL#<key>`, `IP#<key>`",
  demand: "spread over signers: a few WCU/s per key",
  limit: `${num(L.partitionWcu)} WCU/s per key`,
  maxRate: Number.POSITIVE_INFINITY,
  adjustable: "n/a (one crowd behind one IP is capped by the rate limit itself)",
});
// 6. Table throughput.
limits.push({
  what: "Table write throughput (measured table W + index G writes)",
  key: "table",
  demand: `${target} x (${W} + ${num(G, 2)}) = ${num(target * (W + G))} WRU/s`,
  limit: `${num(L.tableWru)} WRU/s (new table: ${num(L.newTableWru)} at once, 2x per 30 min)`,
  maxRate: L.tableWru / (W + G),
  adjustable: "yes (quota request; pre-warm)",
});
limits.push({
  what: "Table read throughput",
  key: "table",
  demand: `${target} x ${R} = ${num(target * R)} RRU/s`,
  limit: `${num(L.tableRru)} RRU/s`,
  maxRate: L.tableRru / R,
  adjustable: "yes",
});
// 7. Lambda.
limits.push({
  what: "Lambda concurrency (Little's law over the path's functions, billed durations D_billed)",
  key: "Region",
  demand: `${target} x ${num(busySecondsPerSig, 3)} s = ${num(target * busySecondsPerSig)} executions`,
  limit: `${num(L.lambdaConcurrency)} (scaling ${num(L.lambdaScale)} per 10 s per function)`,
  maxRate: L.lambdaConcurrency / busySecondsPerSig,
  adjustable: "yes (quota request)",
});
// 8. API Gateway.
limits.push({
  what: "API Gateway requests (sign + verify per signature, no page views, no count polling)",
  key: "account, Region",
  demand: `${target} x ${num(apiRequests, 2)} = ${num(target * apiRequests)} requests/s`,
  limit: `${num(L.api)} requests/s`,
  maxRate: L.api / apiRequests,
  adjustable: "yes (quota request)",
});
// 9. SES.
limits.push({
  what: "SES send rate (one confirmation email per signature)",
  key: "account, Region",
  demand: `${target} x ${E} = ${num(target * E)} emails/s`,
  limit: `${num(L.sesNew)} emails/s, ${num(L.sesDay)} per 24 h (typical new production account)`,
  maxRate: L.sesNew / E,
  adjustable: "yes, account-specific (request)",
});
limits.sort((a, b) => a.maxRate - b.maxRate);
const hard = limits.filter((l) => l.adjustable.startsWith("no"));
const firstHard = hard[0];
const firstAny = limits[0];

out(
  `- **Cost per million confirmed signatures** (us-east-1): **${money(withoutEmail)} without email**, **${money(withEmail)} with** the confirmation email (SES ${money(cost.ses)} is ${num((cost.ses / withEmail) * 100)} % of it).`,
);
out(
  `- **Which limit binds first at 5,000 signatures/s on one petition**: with a new account's quotas, **${firstAny?.what}** at ${num(firstAny?.maxRate ?? 0)} signatures/s. Among limits no quota request lifts, **${firstHard?.what}** binds first, at **${num(firstHard?.maxRate ?? 0)} signatures/s** (${num(((firstHard?.maxRate ?? 0) / target) * 100)} % of the target). The count path itself fits: the counter writes a small counts item beside the document, in two stages, so no partition of it takes more than ${num(countModel.worstWcu)} WCU/s at the target (see (d)).`,
);
out(
  `- **The viral day** (6 M signatures, 42/s peak hour, 100,000 watching): about ${money(6 * withEmail)} for the signatures; SES at a new account's 14/s and 50,000/day is the limit that breaks the day; count.json through CloudFront with max-age ${COUNT_FRESHNESS.maxAge} asks the origin for at most one request per edge cache per ${COUNT_FRESHNESS.maxAge} s (${num(1 / COUNT_FRESHNESS.maxAge, 1)}/s with Origin Shield) instead of 10,000/s.`,
);
out(
  `- **Local engine**: saturates at ${num(saturated, 1)} confirmed signatures/s (knee at ${num(knee)}/s offered; \`npm run bench -- --only=saturation\`), the signing bench measured ${num(localConfirmed, 1)}/s: the laptop, not the design, is the bottleneck locally.`,
);
out();

// ---- (a)
out("## (a) Cost per million confirmed signatures");
out();
out("| item | formula | per million signatures |");
out("|---|---|---:|");
const fnList = perFunction.map((f) => `I.${f.name}`).join(" + ");
out(
  `| Lambda requests | (${fnList}) = ${num(lambdaRequests, 3)} x 1 M x p.lambda_req | ${money(cost.lambdaReq)} |`,
);
out(
  `| Lambda GB-s (arm64) | Σ I x D_billed x M/1024 = ${num(gbSeconds, 4)} GB-s x 1 M x p.lambda_gbs | ${money(cost.lambdaGbs)} |`,
);
out(`| API Gateway HTTP API | HTTP invocations ${num(apiRequests, 2)} x 1 M x p.api | ${money(cost.api)} |`);
out(`| DynamoDB table writes (measured) | W = ${W} WRU x 1 M x p.wru | ${money(cost.wru)} |`);
out(`| DynamoDB index writes (measured by AWS's rules) | G = ${G} WRU x 1 M x p.wru | ${money(cost.gsi)} |`);
out(`| DynamoDB reads (measured) | R = ${R} RRU x 1 M x p.rru | ${money(cost.rru)} |`);
out("| DynamoDB Streams reads | read by Lambda: free | $0 |");
out(
  `| CloudWatch Logs (rough) | ${num(lambdaRequests, 3)} invocations x B_log ${logBytes} B x 1 M / 1e9 x p.logs | ${money(cost.logs)} |`,
);
out(`| **Total without email** | | **${money(withoutEmail)}** |`);
out(`| SES (confirmation emails) | E = ${E} x 1 M x p.ses | ${money(cost.ses)} |`);
out(`| **Total with email** | | **${money(withEmail)}** |`);
out();
out(
  `**D_billed**, the ms Lambda bills per invocation, is computed per function (test/bench/lambda-billing.ts) from the signing bench's unloaded phase, where people sign, read their email and confirm one at a time, the engine drained between steps and its invocations taking turns (test/bench/meter.ts), so each invocation runs alone in the process: Du is its mean wall time and C its mean CPU time (\`process.cpuUsage()\` around the invocation, so the engine's own background work in that window is in it: the idle process uses ${num((results.figures["signing.unloaded.idle_cpu"]?.value ?? Number.NaN) * 100, 1)} % of a core). D_billed = C x max(1, ${FULL_VCPU_MB}/M) + (Du - C): the CPU part measured on one local core, stretched to the share of a vCPU Lambda gives a function of M MB (Lambda allocates CPU in proportion to memory, one full vCPU at ${num(FULL_VCPU_MB)} MB: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html; a handler runs on one thread, so more memory does not shrink it below one core's time), and the waiting part (DynamoDB and SES round trips, here against local emulators) as measured. The loaded D (\`signing.per_signature.<Fn>.duration\`, the throughput phase with 32 requests in flight through one Node process whose event loop is nearly always busy) is mostly time spent queued behind the other invocations on that one event loop; on AWS each execution environment serves one invocation at a time (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html), so that queueing is not billed. Billed with the loaded D, Lambda GB-s would be ${num(gbSecondsLoaded, 4)} GB-s, ${money(gbSecondsLoaded * M * P.lambdaGbS)} per million signatures. I is the loaded run's, where a stream consumer's batch holds several records (1/I of them), but its D_billed comes from batches of about one record: the row above assumes a batch takes as long as a single record, which understates per-record work (SendMail, for one, makes an SES call per email). Priced instead with the unloaded run's own invocations per signature (Iu: signatures one at a time, every batch one record, nothing shared), Lambda GB-s is ${num(gbSecondsOneAtATime, 4)} GB-s, ${money(gbSecondsOneAtATime * M * P.lambdaGbS)} per million: the bound from above, since fuller batches only share the per-invocation work. The concurrency rows use Σ I x D_billed (${num(busySecondsPerSig, 3)} s per signature), the loaded run's batching; fuller batches at higher rates lower it.${billedLoaded.length > 0 ? ` **No unloaded figures for ${billedLoaded.map((f) => f.name).join(", ")}** in bench/results.json (run \`npm run bench -- --only=signing\`): ${billedLoaded.length === 1 ? "it is" : "they are"} billed at the loaded D, an overestimate.` : ""} Cold starts' initialisation is not modelled.`,
);
out();
out(
  `Per function (I = invocations per signature; D = ms per invocation under load, Du = unloaded, C = CPU ms unloaded, D_billed; local): ${perFunction.map((f) => `${f.name} I=${f.invocations} D=${f.duration} ms Du=${f.unloaded ?? "n/a"} ms C=${f.cpu ?? "n/a"} ms D_billed=${num(f.billed.ms, 1)} ms${f.invocationsAlone === undefined ? "" : ` Iu=${num(f.invocationsAlone, 3)}`} M=${f.memory} MB`).join("; ")}. Stream consumers run in batches, so their I is below 1; on AWS, at viral rates, batches are fuller (CountSignatures batchSize ${countBatch}) and I smaller still. Free tiers are ignored. Later mass mails (government response, debate) cost p.ses per signer per mailing on top: $100 per million recipients. W is the table's share of DynamoDB's ConsumedCapacity answers; G applies AWS's index rules (a key added: a put of the projected entry; removed: a delete; changed: both; a projected attribute changed: a put; each rounded up to 1 KB) to every write's old and new image, as the local engine sees them on the stream (infra/local/index-writes.ts). The counter's share, measured here with the bench's small local batches, is Tu = ${num(txUnits, 2)} table and Gu = ${num(counterIndexUnits, 2)} index write units per signature; at viral rates it falls (see (d)).`,
);
out();

// ---- (b)
const peak = input("peak", 42, "signatures/s", "capacity-figures §7a (150,000/h, EU referendum 2016)");
const viewers = input("viewers", 100_000, "people", "capacity-figures §1a (80,000-100,000 watching)");
const pollSeconds = input("poll", 10, "s", "capacity-figures §1d (browser refresh every 10,000 ms)");
const maxAge = input(
  "max_age",
  COUNT_FRESHNESS.maxAge,
  "s",
  "count.json Cache-Control max-age (shared/http/contract.ts COUNT_FRESHNESS)",
);
const edgeRps = viewers / pollSeconds;
out("## (b) The viral day");
out();
out(
  `6,000,000 signatures (Revoke Article 50's total: capacity-figures §1a), a peak hour at ${peak}/s (${num(peak * 3600)} signatures) and ${num(viewers)} people watching the count.`,
);
out();
out("| quantity | formula | value | against |");
out("|---|---|---:|---|");
out(`| cost of the signatures, email included | 6 x ${money(withEmail)} | ${money(6 * withEmail)} | |`);
out(`| cost without email | 6 x ${money(withoutEmail)} | ${money(6 * withoutEmail)} | |`);
out(
  `| write units/s at the peak | ${peak} x (${W} + ${num(G, 2)}) | ${num(peak * (W + G))} WRU/s | ${num(L.newTableWru)} new table, ${num(L.tableWru)} quota: ${num(((peak * (W + G)) / L.newTableWru) * 100)} % of a new table |`,
);
out(`| read units/s at the peak | ${peak} x ${R} | ${num(peak * R)} RRU/s | ${num(L.tableRru)} |`);
out(
  `| busiest count-path partition at the peak | at most the 5,000/s figure of (d), ${num(countModel.worstWcu)} WCU/s (the stages' transactions are paced by polling, not by the rate) | ≤ ${num(countModel.worstWcu)} WCU/s | ${num(L.partitionWcu)} per partition |`,
);
out(
  `| Lambda concurrency at the peak | ${peak} x ${num(busySecondsPerSig, 3)} s | ${num(peak * busySecondsPerSig, 1)} | ${num(L.lambdaConcurrency)} |`,
);
out(
  `| API requests/s for signing at the peak | ${peak} x ${num(apiRequests, 2)} | ${num(peak * apiRequests)} | ${num(L.api)} |`,
);
out(
  `| SES emails/s at the peak | ${peak} x ${E} | ${num(peak * E)} | ${L.sesNew}/s: **${num((peak * E) / L.sesNew, 1)}x over** |`,
);
out(
  `| SES backlog after the peak hour at 14/s | (${peak} - ${L.sesNew}) x 3,600 | ${num((peak * E - L.sesNew) * 3600)} emails | late confirmations |`,
);
out(
  `| emails on the busiest 24 h (2 M signatures, §1a) | 2,000,000 x ${E} | ${num(2_000_000 * E)} | ${num(L.sesDay)}/24 h: **${num((2_000_000 * E) / L.sesDay)}x over** |`,
);
out(
  `| count.json requests at the edge | ${num(viewers)} / ${pollSeconds} s | ${num(edgeRps)}/s | without a CDN: ${num((edgeRps / L.api) * 100)} % of API Gateway's ${num(L.api)}/s |`,
);
out(`| origin requests, CloudFront + Origin Shield | 1 / max-age ${maxAge} s | ${num(1 / maxAge, 1)}/s | |`);
out(
  `| origin requests, no shield, N edge caches | N / ${maxAge} s (N = 50: ${num(50 / maxAge)}/s; N = 600: ${num(600 / maxAge)}/s) | ≤ ${num(600 / maxAge)}/s | ${num((600 / maxAge / L.api) * 100, 1)} % of ${num(L.api)}/s |`,
);
out(
  `| CloudFront requests cost while ${num(viewers)} watch | ${num(edgeRps)}/s x 3,600 x p.cdn | ${money(edgeRps * 3600 * P.cdn)} per hour | ${money(edgeRps * 86_400 * P.cdn)} if sustained 24 h |`,
);
out();
out(
  "Reading: on the viral day nothing in the table, Lambda or API Gateway is near a limit at 42/s; the email quota is. With a new production account's 14/s and 50,000/day, confirmation emails fall an hour behind in the peak hour and stop for the day after 50,000 signatures: raise the SES quota (ask for >= 50/s and >= 2.5 M/day) before a petition can go viral. At the CloudFront price assumed above (not from the reference), 100,000 viewers polling all day would cost more at the edge than a day's signatures cost in the backend; at the origin they cost next to nothing.",
);
out();

// ---- (c)
out("## (c) 5,000 confirmed signatures/s on one petition");
out();
out("Ordered by the highest signature rate each limit allows (`max rate`); the first row binds first.");
out();
out("| limit | key | demand at 5,000/s | limit | max rate (signatures/s) | raised by a quota request? |");
out("|---|---|---|---|---:|---|");
for (const l of limits) {
  out(
    `| ${l.what} | ${l.key} | ${l.demand} | ${l.limit} | ${Number.isFinite(l.maxRate) ? num(l.maxRate) : "∞"} | ${l.adjustable} |`,
  );
}
out();
out(
  `**Binds first:** with a new account's quotas, ${firstAny?.what} (${num(firstAny?.maxRate ?? 0)}/s). Of the limits no quota lifts, ${firstHard?.what} at ${num(firstHard?.maxRate ?? 0)}/s, then ${hard[1]?.what} at ${num(hard[1]?.maxRate ?? 0)}/s. Stream shards are not a limit of their own: DynamoDB adds a shard per table partition, Lambda reads each up to 4 times a second, and no per-shard write rate is documented (capacity-figures §2 "not found"); the count path's stages each keep one batch per shard in flight (see (d)).`,
);
out();
out(
  "What 5,000/s still needs, all of it quota requests, no design change: SES's send rate (and daily quota), the table's write throughput (and a pre-warmed table), Lambda concurrency, API Gateway's account rate, and SIGNER_INDEX_SHARDS raised where the signers index shards bind.",
);
out();

// ---- The count path (test/bench/capacity-count.ts)
for (const line of countPathSection(countContext)) out(line);

// ---- Local simulation
out("## Local simulation");
out();
const steps = Object.entries(results.figures)
  .filter(([name]) => /^saturation\.offered_\d+\.confirmed_per_second$/.test(name))
  .map(([name, f]) => {
    const offered = Number(name.split(".")[1]?.slice("offered_".length));
    const get = (what: string) =>
      results.figures[`saturation.offered_${offered}.${what}`]?.value ?? Number.NaN;
    return {
      offered,
      achieved: f.value,
      signP99: get("sign_p99"),
      verifyP99: get("verify_p99"),
      errors: get("errors"),
    };
  })
  .sort((a, b) => a.offered - b.offered);
if (steps.length === 0) out("No saturation figures yet: run `npm run bench -- --only=saturation`.");
else {
  out(
    "`npm run bench -- --only=saturation` drives sign, email and verify open-loop at a rising rate through the local engine (test/bench/saturation.ts):",
  );
  out();
  out("| offered/s | confirmed/s | sign p99 ms | verify p99 ms | errors + shed |");
  out("|---:|---:|---:|---:|---:|");
  for (const s of steps)
    out(
      `| ${s.offered} | ${num(s.achieved, 1)} | ${num(s.signP99)} | ${num(s.verifyP99)} | ${num(s.errors)} |`,
    );
  out();
  out(
    `The local engine keeps up to about ${num(knee)}/s offered and tops out near ${num(saturated, 1)}/s: DynamoDB Local (one JVM) and the single Node process share 2 cores. That is the laptop's ceiling, comparable with the 42/s viral peak, and says nothing about AWS, where each function has its own cores.`,
  );
}
out();

// ---- Inputs
out("## Inputs");
out();
out("| name | value | unit | source |");
out("|---|---:|---|---|");
for (const [name, i] of inputs)
  out(
    `| ${name} | ${i.value < 0.001 && i.value > 0 ? i.value.toExponential(4) : num(i.value, 4)} | ${i.unit} | ${i.source} |`,
  );
out();

mkdirSync(resolve(root, "docs"), { recursive: true });
writeFileSync(resolve(root, "docs/capacity.md"), `${lines.join("\n")}\n`);
process.stdout.write(
  `${billedLoaded.length > 0 ? `no unloaded figures for ${billedLoaded.map((f) => f.name).join(", ")}: billed at the loaded duration\n` : ""}docs/capacity.md written: Lambda GB-s ${money(cost.lambdaGbs)} per million signatures (${money(gbSecondsLoaded * M * P.lambdaGbS)} at the loaded durations, ${money(gbSecondsOneAtATime * M * P.lambdaGbS)} one signature at a time); ${money(withoutEmail)} per million signatures without email, ${money(withEmail)} with; first limit at 5,000/s: ${firstAny?.what} (${num(firstAny?.maxRate ?? 0)}/s); first hard limit: ${firstHard?.what} (${num(firstHard?.maxRate ?? 0)}/s)\n`,
);
