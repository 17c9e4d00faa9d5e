/**
 * What one anonymous request can make DynamoDB read is bounded: deep pages are refused past the
 * listed depth, searches however many or common their words stay within their stated reads, and
 * /petitions.csv is built once a minute per facet and search and served from the table between.
 * Reads are counted in this process (a client hook on the service's own DynamoDB client) while
 * the service's code runs against the local engine's table.
 */
import "../support/in-process.ts";
import type { Pluggable } from "@smithy/types";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CSV_CACHED_READS, listReads } from "../../shared/http/read-bounds.ts";
import {
  CSV_INTERVAL_SECONDS,
  cachedPetitionsCsv,
  csvCacheKey,
  splitRows,
} from "../../shared/petitions/csv-cache.ts";
import { deepestPage, LIST_DEPTH, listPetitions, listQuerySchema } from "../../shared/petitions/listing.ts";
import { registerClientHook } from "../../shared/sdk-hooks.ts";
import { CHUNK_SIZE } from "../../shared/search/index.ts";
import { drain, get, tableSnapshot } from "../support/api.ts";
import { petitionRecord, writePetition } from "../support/direct.ts";

/** Items read by this process's DynamoDB calls since the last reset. */
const reads = { items: 0 };
type Output = {
  ScannedCount?: number;
  Count?: number;
  Item?: unknown;
  Responses?: Record<string, unknown[]>;
};
type Input = { RequestItems?: Record<string, { Keys?: unknown[] }> };
const counting: Pluggable<object, object> = {
  applyToStack(stack) {
    (stack as { add: (mw: unknown, options: object) => void }).add(
      (next: (args: { input: Input }) => Promise<{ output: Output }>, context: { commandName?: string }) =>
        async (args: { input: Input }) => {
          const result = await next(args);
          const output = result.output;
          switch (context.commandName) {
            case "QueryCommand":
            case "ScanCommand":
              reads.items += output.ScannedCount ?? output.Count ?? 0;
              break;
            case "GetItemCommand":
              reads.items += 1;
              break;
            case "BatchGetItemCommand":
              for (const table of Object.values(args.input.RequestItems ?? {}))
                reads.items += table.Keys?.length ?? 0;
              break;
          }
          return result;
        },
      { step: "initialize", name: "countReads" },
    );
  },
};
registerClientHook((kind) => (kind === "dynamodb" ? counting : undefined));

async function readsOf<T>(work: () => Promise<T>): Promise<{ items: number; result: T }> {
  reads.items = 0;
  const result = await work();
  return { items: reads.items, result };
}

const PUBLIC_URL = "http://localhost:3000";
const tag = Date.now().toString(36).slice(-6);
const common = `commonword${tag}`;
/** 25 words every seeded petition holds: a query of all of them fills `q`'s 255 characters. */
const shared = Array.from({ length: 25 }, (_, i) => `w${i}${tag}`);
const chunks = new Set<number>();
/** The stated bound for this table: its postings chunks per word, as production's sequential ids. */
const bound = () => listReads(chunks.size);

beforeAll(async () => {
  // Enough petitions sharing words that a search for them fills several pages.
  for (let i = 0; i < 60; i++) {
    const p = petitionRecord({
      state: "open",
      action: `Fund the ${common} number ${i}`,
      background: shared.join(" "),
    });
    chunks.add(Math.floor(p.id / CHUNK_SIZE));
    await writePetition(p);
  }
  await drain();
});

afterEach(() => {
  reads.items = 0;
});

describe("deep pages", () => {
  it("answers a page past the listed depth with an empty page, reading no index entries", async () => {
    for (const [query, ok] of [
      [`page=${deepestPage(25)}`, true],
      [`page=${deepestPage(25) + 1}`, false],
      [`count=50&page=${deepestPage(50) + 1}`, false],
      [`q=${common}&page=${deepestPage(25) + 1}`, false],
    ] as const) {
      const answer = await get<{ data: unknown[]; links: { next: string | null } }>(
        `/petitions.json?${query}`,
      );
      expect(answer.status, query).toBe(200);
      if (!ok) {
        expect(answer.body.data, query).toEqual([]);
        expect(answer.body.links.next, query).toBeNull();
      }
    }
    const deeper = listQuerySchema.parse({ state: "all", page: deepestPage(50) + 1, count: 50 });
    const { items, result } = await readsOf(() => listPetitions(deeper, PUBLIC_URL));
    expect(result.data).toEqual([]);
    // The facet's tallies only.
    expect(items).toBeLessThanOrEqual(2);
    expect(deepestPage(25) * 25).toBeLessThanOrEqual(LIST_DEPTH);
  });

  it("reads at most the stated items on the deepest page", async () => {
    const query = listQuerySchema.parse({ state: "all", page: deepestPage(50), count: 50 });
    const { items } = await readsOf(() => listPetitions(query, PUBLIC_URL));
    expect(items).toBeLessThanOrEqual(bound());
  });
});

describe("searches", () => {
  it("a very common word reads at most the stated items, on the first page and the deepest", async () => {
    for (const page of [1, 2, deepestPage(25)]) {
      const query = listQuerySchema.parse({ q: common, page, count: 25 });
      const { items, result } = await readsOf(() => listPetitions(query, PUBLIC_URL));
      expect(items, `page ${page}`).toBeGreaterThan(0);
      expect(items, `page ${page}`).toBeLessThanOrEqual(bound());
      if (page === 1) expect(result.data).toHaveLength(25);
    }
  });

  it("many words read no more than their first eight", async () => {
    const many = shared.join(" ");
    expect(many.length).toBeLessThanOrEqual(255);
    const eight = shared.slice(0, 8).join(" ");
    const { items: manyReads, result } = await readsOf(() =>
      listPetitions(listQuerySchema.parse({ q: many }), PUBLIC_URL),
    );
    const { items: eightReads } = await readsOf(() =>
      listPetitions(listQuerySchema.parse({ q: eight }), PUBLIC_URL),
    );
    expect(result.data.length).toBeGreaterThan(0);
    expect(manyReads).toBe(eightReads);
    expect(manyReads).toBeLessThanOrEqual(bound());
  });
});

describe("/petitions.csv", () => {
  const interval = (n: number) => n * CSV_INTERVAL_SECONDS * 1000;

  it("is built once for two requests in the same interval, also at once, and again in the next", async () => {
    let builds = 0;
    const build = async () => {
      builds += 1;
      return { body: `Petition,URL,State,Signatures Count\nbuild ${builds},u,open,1\n`, truncated: false };
    };
    const query = { state: "open" as const, q: `${common} csvonce` };
    const at = interval(Math.floor(Date.now() / interval(1)) + 1000);
    const first = await Promise.all([
      cachedPetitionsCsv(query, PUBLIC_URL, { now: () => at, build }),
      cachedPetitionsCsv(query, PUBLIC_URL, { now: () => at + 10, build }),
    ]);
    const { items, result: again } = await readsOf(() =>
      cachedPetitionsCsv(query, PUBLIC_URL, { now: () => at + interval(1) - 1, build }),
    );
    expect(builds).toBe(1);
    expect(first[1].body).toBe(first[0].body);
    expect(again.body).toBe(first[0].body);
    expect(items).toBeLessThanOrEqual(CSV_CACHED_READS);
    const next = await cachedPetitionsCsv(query, PUBLIC_URL, { now: () => at + interval(1), build });
    expect(builds).toBe(2);
    expect(next.body).toContain("build 2");
  });

  it("lets the next request build when a build fails", async () => {
    const query = { state: "closed" as const, q: `${common} csvfails` };
    const at = interval(Math.floor(Date.now() / interval(1)) + 3000);
    await expect(
      cachedPetitionsCsv(query, PUBLIC_URL, {
        now: () => at,
        build: () => Promise.reject(new Error("boom")),
      }),
    ).rejects.toThrow("boom");
    const answer = await cachedPetitionsCsv(query, PUBLIC_URL, {
      now: () => at + 1,
      build: async () => ({ body: "Petition,URL,State,Signatures Count\n", truncated: false }),
    });
    expect(answer.body).toBe("Petition,URL,State,Signatures Count\n");
  });

  it("keeps a body larger than one item in parts and gives it back whole", async () => {
    const rows = Array.from(
      { length: 30_000 },
      (_, i) => `"Petition ${i} ${"x".repeat(20)}",https://x/${i},open,${i}\n`,
    );
    const body = `Petition,URL,State,Signatures Count\n${rows.join("")}`;
    expect(splitRows(body).length).toBeGreaterThan(2);
    const query = { state: "all" as const, q: `${common} csvparts` };
    const at = interval(Math.floor(Date.now() / interval(1)) + 2000);
    await cachedPetitionsCsv(query, PUBLIC_URL, {
      now: () => at,
      build: async () => ({ body, truncated: true }),
    });
    const { items, result } = await readsOf(() =>
      cachedPetitionsCsv(query, PUBLIC_URL, {
        now: () => at + 1,
        build: () => Promise.reject(new Error("built twice")),
      }),
    );
    expect(result).toEqual({ body, truncated: true });
    expect(items).toBeLessThanOrEqual(CSV_CACHED_READS);
  });

  it("answers the same body twice from the cached copy through the service", async () => {
    const path = `/petitions.csv?state=open&q=${common}`;
    const [first, second] = [await get<string>(path), await get<string>(path)];
    expect(first.status).toBe(200);
    expect(second.body).toBe(first.body);
    expect(String(first.body)).toContain(common);
    const key = csvCacheKey({ state: "open", q: common });
    const heads = (await tableSnapshot()).filter((item) => item.PK === key && item.state === "ready");
    expect(heads.length).toBeGreaterThan(0);
  });
});
