/**
 * Group `read-api`: the public reads at volume, through a running local engine.
 *
 * 1. Seeds 50,000 published petitions straight into DynamoDB Local with BatchWrite: each petition
 *    item from the service's own `petitionItem()` (every index attribute), its listing item
 *    (`listingOf()`), the postings of its words, and the state and facet tallies, as the stream
 *    indexer would leave them. (The stream still sees the inserts; the indexer finds each listing
 *    current and skips it; the group waits for that before measuring.)
 * 2. `GET /petitions.json?q=` latency, sequentially, over several words of different frequency:
 *    p50 and p99.
 * 3. `GET /petitions/{id}/count.json` requests/s on one hot petition with autocannon, next to a
 *    trivial Node HTTP server's requests/s in the same run (the ceiling of the machine).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BatchWriteItemCommand, DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Figure } from "./figures.ts";

export interface ReadApiContext {
  baseUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  log?: (line: string) => void;
  /**
   * The engine's Engine.withoutStream: the seeded items are already what the stream consumers
   * would leave, so the stream need not see them (133k records took 7 minutes to re-index).
   */
  withoutStream?: <T>(write: () => Promise<T>) => Promise<T>;
}

/** 50,000 by default; READ_API_PETITIONS overrides it for a quick run. */
const PETITIONS = Number(process.env.READ_API_PETITIONS ?? 50_000);
const FIRST_ID = 5_000_000;
const QUERY_SAMPLES = 300;

interface AutocannonResult {
  requests: { average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

/** A deterministic generator, so every run seeds the same text. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** 3,000 made-up words drawn with a Zipf-like skew, like real text: a few common, most rare. */
const VOCABULARY = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x`);
function sentence(next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(VOCABULARY[Math.floor(VOCABULARY.length * next() ** 3)] ?? "w");
  return out.join(" ");
}

async function seed(ctx: ReadApiContext, log: (line: string) => void): Promise<number> {
  Object.assign(process.env, { TABLE_NAME: ctx.tableName });
  const { petitionItem } = await import("../../shared/petitions/store.ts");
  const { listingOf } = await import("../../shared/search/indexer.ts");
  const { listingKey, postingKey } = await import("../../shared/search/index.ts");
  const { facetStatsKey, statsKey } = await import("../../shared/petitions/items.ts");
  const client = new DynamoDBClient({
    endpoint: ctx.dynamoEndpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const next = random(42);
  const items: Record<string, unknown>[] = [];
  const postings = new Map<string, { key: { PK: string; SK: string }; ids: number[] }>();
  const states = { open: 0, closed: 0, rejected: 0 };
  const facetCounts: Record<string, number> = {};
  const base = Date.parse("2025-01-01T00:00:00.000Z");
  for (let i = 0; i < PETITIONS; i++) {
    const id = FIRST_ID + i;
    const roll = next();
    const state: "open" | "closed" | "rejected" = roll < 0.5 ? "open" : roll < 0.9 ? "closed" : "rejected";
    states[state] += 1;
    const created = new Date(base + i * 600_000).toISOString();
    const signatures = Math.floor(100_000 * next() ** 6);
    const petition = {
      entity: "PETITION" as const,
      id,
      action: sentence(next, 8),
      background: sentence(next, 30),
      additional_details: sentence(next, 60),
      state,
      creator_name: "Bench Creator",
      creator_signature_id: "bench",
      sponsor_token: "bench",
      signature_count: signatures,
      sponsor_count: 5,
      by_country: {},
      by_constituency: {},
      by_region: {},
      created_at: created,
      updated_at: created,
      ...(state !== "rejected" ? { opened_at: created } : { rejected_at: created }),
      ...(signatures >= 10_000 ? { response_threshold_reached_at: created } : {}),
      response_state: signatures >= 10_000 ? ("awaiting" as const) : ("pending" as const),
      debate_state: "pending" as const,
      moderation_log: [],
      version: 1,
    };
    items.push(petitionItem(petition));
    const listing = listingOf(petition);
    items.push({ ...listingKey(id), ...listing });
    for (const facet of Object.keys(listing.keys)) facetCounts[facet] = (facetCounts[facet] ?? 0) + 1;
    for (const word of listing.words) {
      const key = postingKey(word, id);
      const id2 = `${key.PK}|${key.SK}`;
      const entry = postings.get(id2) ?? { key, ids: [] };
      entry.ids.push(id);
      postings.set(id2, entry);
    }
  }
  const requests: Record<string, unknown>[][] = [];
  const all = [
    ...items.map((item) => marshall(item, { removeUndefinedValues: true })),
    ...[...postings.values()].map(({ key, ids }) => ({
      PK: { S: key.PK },
      SK: { S: key.SK },
      entity: { S: "TERM" },
      ids: { NS: ids.map(String) },
    })),
  ];
  for (let i = 0; i < all.length; i += 25) requests.push(all.slice(i, i + 25));
  log(`read-api: seeding ${all.length} items (${PETITIONS} petitions)`);
  const started = Date.now();
  let done = 0;
  const worker = async () => {
    for (;;) {
      const batch = requests.pop();
      if (!batch) return;
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [ctx.tableName]: pending as never } }),
        );
        pending = (result.UnprocessedItems?.[ctx.tableName] ?? []) as typeof pending;
      }
      done += 1;
      if (done % 1000 === 0)
        log(`read-api: ${done * 25} items in ${Math.round((Date.now() - started) / 1000)} s`);
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  const add = async (key: Record<string, string>, counts: Record<string, number>) => {
    const entries = Object.entries(counts);
    await client.send(
      new UpdateItemCommand({
        TableName: ctx.tableName,
        Key: marshall(key),
        UpdateExpression: `ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
        ExpressionAttributeValues: marshall(Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v]))),
      }),
    );
  };
  await add(statsKey, states);
  const tallied = ["awaiting_response", "with_response", "awaiting_debate", "debated", "not_debated"];
  await add(
    facetStatsKey,
    Object.fromEntries(tallied.map((f) => [f, facetCounts[f] ?? 0]).filter(([, v]) => v !== 0)),
  );
  client.destroy();
  log(`read-api: seeded in ${Math.round((Date.now() - started) / 1000)} s`);
  return (Date.now() - started) / 1000;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export async function benchReadApi(ctx: ReadApiContext): Promise<Figure[]> {
  const log = ctx.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seeding = () => seed(ctx, log);
  const seedSeconds = await (ctx.withoutStream ? ctx.withoutStream(seeding) : seeding());
  const drained = await fetch(`${ctx.baseUrl}/_local/drain`);
  if (!drained.ok) throw new Error(`drain failed: ${drained.status}`);

  // Words from the most common (in ~every petition) to rare, pairs, and a query whose every word
  // is very common; in the `all` facet and in `open` (a facet the postings do not match exactly).
  const kinds = {
    common: `${VOCABULARY[0]} ${VOCABULARY[1]} ${VOCABULARY[2]}`,
    frequent: VOCABULARY[5],
    middling: VOCABULARY[300],
    pair: `${VOCABULARY[20]} ${VOCABULARY[600]}`,
    uncommon: VOCABULARY[1200],
    rare: VOCABULARY[2500],
  } as const;
  const entries = Object.entries(kinds);
  const timings: number[] = [];
  const byKind = new Map<string, number[]>();
  const matches = new Map<string, number>();
  for (let i = 0; i < QUERY_SAMPLES; i++) {
    const [kind, words] = entries[i % entries.length] as [string, string];
    const state = Math.floor(i / entries.length) % 2 === 0 ? "all" : "open";
    const page = 1 + (Math.floor(i / (2 * entries.length)) % 3);
    const url = `${ctx.baseUrl}/petitions.json?q=${encodeURIComponent(words)}&state=${state}&page=${page}`;
    const started = performance.now();
    const answer = await fetch(url);
    if (answer.status !== 200) throw new Error(`search answered ${answer.status}: ${await answer.text()}`);
    const body = (await answer.json()) as { links: { last: string } };
    const elapsed = performance.now() - started;
    timings.push(elapsed);
    byKind.set(kind, [...(byKind.get(kind) ?? []), elapsed]);
    if (state === "all") {
      const last = Number(new URL(body.links.last).searchParams.get("page"));
      matches.set(kind, last * 25);
    }
  }
  timings.sort((a, b) => a - b);
  const kindFigures: Figure[] = entries.flatMap(([kind]) => {
    const sorted = [...(byKind.get(kind) ?? [])].sort((a, b) => a - b);
    return [
      {
        name: `read-api.search.${kind}.p50`,
        value: Math.round(percentile(sorted, 50) * 10) / 10,
        unit: "ms",
      },
      { name: `read-api.search.${kind}.matches`, value: matches.get(kind) ?? 0, unit: "petitions (±25)" },
    ];
  });

  // autocannon ships no types; its shape is declared above.
  const moduleName = "autocannon";
  const { default: autocannon } = (await import(moduleName)) as { default: Autocannon };
  const hot = `${ctx.baseUrl}/petitions/${FIRST_ID}/count.json`;
  const served = await autocannon({ url: hot, connections: 20, duration: 10 });
  const trivial = createServer((_, response) => {
    response.setHeader("content-type", "application/json");
    response.end('{"signature_count":1}');
  });
  await new Promise<void>((r) => trivial.listen(0, "127.0.0.1", () => r()));
  const port = (trivial.address() as AddressInfo).port;
  const baseline = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: 20, duration: 10 });
  await new Promise<void>((r) => trivial.close(() => r()));

  const rps = Math.round(served.requests.average);
  const baselineRps = Math.round(baseline.requests.average);
  return [
    { name: "read-api.search.p50", value: Math.round(percentile(timings, 50) * 10) / 10, unit: "ms" },
    { name: "read-api.search.p99", value: Math.round(percentile(timings, 99) * 10) / 10, unit: "ms" },
    { name: "read-api.search.samples", value: timings.length, unit: "requests" },
    ...kindFigures,
    { name: "read-api.petitions", value: PETITIONS, unit: "published petitions" },
    { name: "read-api.seed_seconds", value: Math.round(seedSeconds), unit: "s" },
    {
      name: "read-api.count.rps",
      value: rps,
      unit: "req/s",
      comparedWith: "a trivial Node HTTP server, same run",
      ratio: Math.round((rps / baselineRps) * 1000) / 1000,
    },
    { name: "read-api.count.non2xx", value: served.non2xx + served.errors, unit: "responses" },
    { name: "read-api.baseline.rps", value: baselineRps, unit: "req/s" },
  ];
}
