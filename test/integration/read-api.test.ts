import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  petitionCountSchema,
  petitionListSchema,
  petitionShowSchema,
  signaturesOverTimeSchema,
  trendingSchema,
} from "../../shared/petitions/petition-json.ts";
import { drain, everyListedId, get } from "../support/api.ts";
import { petitionRecord, writePetition } from "../support/direct.ts";
import { openPetition, type StartedPetition } from "../support/flows.ts";

interface List {
  links: Record<string, string | null>;
  data: { id: number; attributes: Record<string, unknown> }[];
}

const word = `zebr${Date.now().toString(36)}`;
let opened: StartedPetition;

beforeAll(async () => {
  opened = await openPetition({ action: `Protect the Crème ${word} habitats` });
  await drain();
});

describe("the petitions list", () => {
  it("lists a newly opened petition under all, open and recent, in the e-petitions envelope", async () => {
    for (const state of ["all", "open", "recent"]) {
      const answer = await get<List>(`/petitions.json?state=${state}&count=50`);
      expect(answer.status, state).toBe(200);
      petitionListSchema.parse(answer.body);
      expect(await everyListedId(`/petitions.json?state=${state}&count=50`), state).toContain(opened.id);
    }
    const recent = await get<List>("/petitions.json?state=recent&count=1");
    expect(recent.body.data[0]?.id).toBe(opened.id);
  });

  it("finds it by a word, whatever its case and accents, in the facet asked", async () => {
    const found = await get<List>(`/petitions.json?q=${word.toUpperCase()}+creme`);
    expect(found.status).toBe(200);
    expect(found.body.data.map((p) => p.id)).toEqual([opened.id]);
    expect(found.body.links.self).toContain(`q=${word.toUpperCase()}+creme`);
    expect(found.body.links.last).toBe(found.body.links.first);
    expect(found.body.links.last).not.toContain("page=");
    const elsewhere = await get<List>(`/petitions.json?q=${word}&state=closed`);
    expect(elsewhere.body.data).toEqual([]);
    const missing = await get<List>(`/petitions.json?q=${word}+nowhereword`);
    expect(missing.body.data).toEqual([]);
  });

  it("reads out-of-range parameters as petition.parliament.uk does, never as an error", async () => {
    for (const [query, count] of [
      ["count=51", 50],
      ["count=0", 25],
      ["page=0", 25],
      ["page=100000", 25],
      ["count=x", 25],
    ] as const) {
      const answer = await get<List>(`/petitions.json?${query}`);
      expect(answer.status, query).toBe(200);
      petitionListSchema.parse(answer.body);
      expect(answer.body.data.length, query).toBeLessThanOrEqual(count);
      expect(answer.body.links.prev, query).toBeNull();
    }
    const sideways = await get("/petitions.json?state=sideways&q=clocks&count=5");
    expect(sideways.status).toBe(302);
    expect(sideways.headers.get("location")).toMatch(/\/petitions\.json\?q=clocks&state=all$/);
  });

  it("orders and counts the response and debate facets as e-petitions does", async () => {
    // States set by the thresholds and responses code, written directly (test/support/direct.ts).
    const tag = `facet${Date.now().toString(36)}`;
    const early = petitionRecord({
      action: `Early ${tag}`,
      response_state: "awaiting",
      response_threshold_reached_at: "2020-01-01T00:00:00.000Z",
    });
    const late = petitionRecord({
      action: `Late ${tag}`,
      response_state: "awaiting",
      response_threshold_reached_at: "2020-02-01T00:00:00.000Z",
    });
    const answered = petitionRecord({
      action: `Answered ${tag}`,
      state: "closed",
      response_state: "responded",
      response_threshold_reached_at: "2020-01-01T00:00:00.000Z",
      government_response_at: "2099-01-01T00:00:00.000Z",
      debate_state: "scheduled",
      scheduled_debate_date: "2099-02-01",
    });
    const before = await get<List>("/petitions.json?state=awaiting_response&count=50");
    for (const p of [early, late, answered]) await writePetition(p);
    await drain();

    const awaiting = await get<List>(`/petitions.json?state=awaiting_response&q=${tag}`);
    expect(awaiting.body.data.map((p) => p.id)).toEqual([early.id, late.id]);
    const withResponse = await get<List>("/petitions.json?state=with_response&count=1");
    expect(withResponse.body.data[0]?.id).toBe(answered.id);
    const debate = await get<List>(`/petitions.json?state=awaiting_debate&q=${tag}`);
    expect(debate.body.data.map((p) => p.id)).toEqual([answered.id]);

    // The totals behind links.last come from the facet tally, not from counting items.
    const after = await get<List>("/petitions.json?state=awaiting_response&count=1");
    const lastPage = (list: List) => Number(new URL(list.links.last ?? "").searchParams.get("page"));
    const countBefore = before.body.data.length;
    expect(lastPage(after.body)).toBe(countBefore + 2);
  });
});

describe("a search whose every word is very common", () => {
  it("answers 200 with the facet's order and total, ranked or walked alike", async () => {
    // Sixty petitions all holding both words: within them, each word is in every petition.
    const tag = `common${Date.now().toString(36)}`;
    const written = Array.from({ length: 60 }, (_, i) =>
      petitionRecord({
        action: `Every ${tag}a and ${tag}b petition ${i}`,
        signature_count: (i * 37) % 61,
        ...(i % 3 === 0 ? { state: "closed" as const, closed_at: new Date().toISOString() } : {}),
      }),
    );
    for (const p of written) await writePetition(p);
    await drain();
    const byCount = (list: typeof written) =>
      [...list].sort((a, b) => b.signature_count - a.signature_count || b.id - a.id).map((p) => p.id);

    const answer = await get<List>(`/petitions.json?q=${tag}a+${tag}b&count=10&page=2`);
    expect(answer.status).toBe(200);
    expect(answer.body.data.map((p) => p.id)).toEqual(byCount(written).slice(10, 20));
    expect(answer.body.links.last).toContain("page=6");

    // The same through the walk of the facet's index (as for a word in most of 50,000 petitions).
    const { searchPage, searchAll } = await import("../../shared/search/index.ts");
    const words = [`${tag}a`, `${tag}b`];
    const open = written.filter((p) => p.state === "open");
    const size = async () => open.length;
    const walked = await searchPage(words, "open", 5, 10, size, { rankLimit: 5 });
    const ranked = await searchPage(words, "open", 5, 10, size);
    expect(walked.plan).toBe("walk");
    expect(ranked.plan).toBe("rank");
    expect(walked.ids).toEqual(byCount(open).slice(5, 15));
    expect(walked.ids).toEqual(ranked.ids);
    const all: number[] = [];
    for await (const ids of searchAll(words, "all", 7, { rankLimit: 5 })) all.push(...ids);
    expect(all).toEqual(byCount(written));
  });
});

describe("one petition", () => {
  it("matches petition.parliament.uk's JSON key for key and type for type", async () => {
    const fixture = JSON.parse(
      readFileSync(new URL("../fixtures/parliament-petition.json", import.meta.url), "utf8"),
    ) as unknown;
    const ours = await get(`/petitions/${opened.id}.json`);
    expect(ours.status).toBe(200);
    petitionShowSchema.parse(ours.body);
    expect(shapeDifferences(fixture, ours.body)).toEqual([]);
  });

  it("serves its count with an ETag, and 304 to a client that holds it", async () => {
    const first = await get(`/petitions/${opened.id}/count.json`);
    expect(first.status).toBe(200);
    petitionCountSchema.parse(first.body);
    expect(first.headers.get("cache-control")).toBe(
      "public, max-age=2, stale-while-revalidate=2, stale-if-error=50",
    );
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^".+"$/);
    const again = await get(`/petitions/${opened.id}/count.json`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("access-control-allow-origin")).toBe("*");
    const stale = await get(`/petitions/${opened.id}/count.json`, {
      headers: { "if-none-match": '"other"' },
    });
    expect(stale.status).toBe(200);
  });

  it("serves its signatures hour by hour since opening", async () => {
    const answer = await get<{
      data: { attributes: { starting_count: number; hours: { total: number }[] } };
    }>(`/petitions/${opened.id}/signatures-over-time.json`);
    expect(answer.status).toBe(200);
    signaturesOverTimeSchema.parse(answer.body);
    const { hours } = answer.body.data.attributes;
    expect(hours.length).toBeGreaterThan(0);
    // The series ends at the petition's count: every counted signature is in some hour.
    const count = await get<{ signature_count: number }>(`/petitions/${opened.id}/count.json`);
    expect(hours.at(-1)?.total).toBe(count.body.signature_count);
    expect((await get("/petitions/999999991/signatures-over-time.json")).status).toBe(404);
  });
});

describe("the CSV", () => {
  it("has e-petitions' columns and a row per petition of the facet", async () => {
    const answer = await get(`/petitions.csv?state=open&q=${word}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/csv");
    const [header, row, ...rest] = answer.text.trim().split("\n");
    expect(header).toBe("Petition,URL,State,Signatures Count");
    expect(row).toMatch(
      new RegExp(`^Protect the Crème ${word} habitats,http://[^,]+/petitions/${opened.id},open,\\d+$`),
    );
    expect(rest).toEqual([]);
  });
});

describe("trending", () => {
  it("lists an open petition signed this hour once the counter has marked its hour", async () => {
    const { noteTrending } = await import("../../shared/petitions/trending-list.ts");
    const { hourOfDate } = await import("../../shared/petitions/hourly.ts");
    const { db } = await import("../../shared/db/client.ts");
    const { UpdateCommand } = await import("@aws-sdk/lib-dynamodb");
    const hour = hourOfDate(new Date());
    // The counter's hourly bucket, as shared/signatures/count.ts writes it, then its call.
    await db.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { PK: `PETITION#${opened.id}`, SK: `HOUR#${hour}` },
        UpdateExpression: "ADD #count :n SET entity = :e, petition_id = :id, #hour = :hour",
        ExpressionAttributeNames: { "#count": "count", "#hour": "hour" },
        ExpressionAttributeValues: { ":n": 1000, ":e": "HOUR", ":id": opened.id, ":hour": hour },
      }),
    );
    await noteTrending(opened.id, [hour]);
    const answer = await get<{ data: { id: number; attributes: { signature_count: number } }[] }>(
      "/trending.json",
    );
    expect(answer.status).toBe(200);
    trendingSchema.parse(answer.body);
    const entry = answer.body.data.find((p) => p.id === opened.id);
    expect(entry?.attributes.signature_count).toBeGreaterThanOrEqual(1000);
  });
});

describe("the OpenAPI document", () => {
  it("is served with every public read in it", async () => {
    const answer = await get<{ openapi: string; paths: Record<string, unknown> }>("/openapi.json");
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe("3.1.0");
    for (const path of ["/petitions.json", "/petitions/{id}", "/trending.json", "/petitions.csv"]) {
      expect(answer.body.paths[path], path).toBeDefined();
    }
  });
});

/** Where two JSON values differ in keys or in value types; `null` stands for any type. */
function shapeDifferences(expected: unknown, actual: unknown, at = "$"): string[] {
  if (expected === null || actual === null) return [];
  const kind = (v: unknown) => (Array.isArray(v) ? "array" : typeof v);
  if (kind(expected) !== kind(actual)) return [`${at}: ${kind(expected)} != ${kind(actual)}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0 || actual.length === 0) return [];
    return shapeDifferences(expected[0], actual[0], `${at}[0]`);
  }
  if (typeof expected === "object" && typeof actual === "object") {
    const a = expected as Record<string, unknown>;
    const b = actual as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => {
      if (!(key in a)) return [`${at}.${key}: not in petition.parliament.uk's answer`];
      if (!(key in b)) return [`${at}.${key}: missing`];
      return shapeDifferences(a[key], b[key], `${at}.${key}`);
    });
  }
  return [];
}
