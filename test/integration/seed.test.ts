/**
 * `npm run seed` against an engine of its own (the lists must hold only what was seeded): every
 * public list returns exactly the petitions the stories put there, every count equals the
 * signatures seeded for it once the stream has drained, a second run writes nothing, and
 * `--reset` starts again from an empty store and mailbox.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Engine, startEngineOnFreePorts } from "../../infra/local/engine.ts";
import { catalogue } from "../../infra/local/seed/catalogue.ts";
import type { PlannedPetition } from "../../infra/local/seed/plan.ts";
import { progressFor } from "../../infra/local/seed/progress.ts";
import { type SeedResult, seedService } from "../../infra/local/seed/run.ts";
import { rejectionReasonFor } from "../../shared/domain/petition-state.ts";
import { listFacets } from "../../shared/petitions/facets.ts";
import { LocalService } from "../support/local-service.ts";

const RESPONSE = 150;
const DEBATE = 400;
const SHARDS = 10;

let engine: Engine;
let service: LocalService;
let documents: DynamoDBDocumentClient;
let first: SeedResult;

const seed = (options: { petitions: number; signatures: number; reset?: boolean }) =>
  seedService({
    url: engine.url,
    seed: 1,
    reset: options.reset ?? false,
    petitions: options.petitions,
    signatures: options.signatures,
    progress: progressFor(process.stdout, true),
    log: () => {},
  });

beforeAll(async () => {
  engine = await startEngineOnFreePorts({
    settings: {
      THRESHOLD_FOR_MODERATION: "5",
      THRESHOLD_FOR_RESPONSE: String(RESPONSE),
      THRESHOLD_FOR_DEBATE: String(DEBATE),
      SIGNER_INDEX_SHARDS: String(SHARDS),
      MAIL_RATE_PER_SECOND: "1000",
    },
    log: () => {},
  });
  service = new LocalService(engine.url, engine.dynamoEndpoint, engine.tableName);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: engine.dynamoEndpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
  first = await seed({ petitions: catalogue.length + 20, signatures: 1_200 });
});

afterAll(async () => {
  documents?.destroy();
  await engine?.stop();
});

/**
 * The lists show each document's snapshot of the counts, refreshed by the per-minute schedule a
 * minute after signing stops: stands in for that minute passing, for every petition.
 */
async function refreshSnapshots(): Promise<void> {
  await service.drain();
  const due = (await service.tableSnapshot()).filter((i) => i.entity === "COUNTS" && i.duePK === "SNAPSHOT");
  for (const counts of due) {
    await service.setItemFields(String(counts.PK), String(counts.SK), {
      dueSK: `2000-01-01T00:00:00.000Z#${String(counts.petition_id).padStart(12, "0")}`,
    });
  }
  for (let run = 0; run * 100 < due.length + 100; run++) await service.runSchedule("ProcessThresholds");
  await service.drain();
}

type Listed = { id: number; attributes: { signature_count: number } };

async function listAll(state: string): Promise<Listed[]> {
  const found: Listed[] = [];
  for (let page = 1; ; page++) {
    const answer = await service.get<{ data: Listed[]; links: { next: string | null } }>(
      `/petitions.json?state=${state}&count=50&page=${page}`,
    );
    expect(answer.status).toBe(200);
    found.push(...answer.body.data);
    if (!answer.body.links.next) return found;
  }
}

/** Where each story belongs, from the stories and the thresholds alone. */
function expectedIn(facet: string, planned: readonly PlannedPetition[]): number[] {
  const members = planned.filter(({ story: { fate }, expectedCount }) => {
    const published = fate.kind === "open" || fate.kind === "closed";
    const debate = published ? fate.debate?.kind : undefined;
    switch (facet) {
      case "all":
        return published || (fate.kind === "rejected" && !rejectionReasonFor(fate.code).hidden);
      case "open":
      case "recent":
        return fate.kind === "open";
      case "closed":
        return fate.kind === "closed";
      case "rejected":
        return fate.kind === "rejected" && !rejectionReasonFor(fate.code).hidden;
      case "with_response":
        return published && fate.response !== undefined;
      case "awaiting_response":
        return published && fate.response === undefined && expectedCount >= RESPONSE;
      case "awaiting_debate":
        return debate === "scheduled" || (published && debate === undefined && expectedCount >= DEBATE);
      case "debated":
        return debate === "debated";
      case "not_debated":
        return debate === "not_debated";
      default:
        throw new Error(`No expectation for ${facet}`);
    }
  });
  return members.map((p) => p.record.id).sort((a, b) => a - b);
}

describe("seeding a local service", () => {
  it("fills every public list with exactly the petitions seeded for it", async () => {
    expect(first.seeded).toBe(true);
    await refreshSnapshots();
    const planned = first.planned;
    for (const facet of listFacets) {
      const listed = await listAll(facet);
      const ids = listed.map((p) => p.id).sort((a, b) => a - b);
      expect(ids, facet).toEqual(expectedIn(facet, planned));
      expect(ids.length, `${facet} is empty`).toBeGreaterThan(0);
      for (const petition of listed) {
        const want = planned.find((p) => p.record.id === petition.id)?.expectedCount;
        expect(petition.attributes.signature_count, `petition ${petition.id}`).toBe(want);
      }
    }
  });

  it("leaves every petition's count equal to its seeded signatures, counted by the stream", async () => {
    await service.drain();
    for (const p of first.planned) {
      let validated = 0;
      for (let shard = 0; shard < SHARDS; shard++) {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await documents.send(
            new QueryCommand({
              TableName: engine.tableName,
              IndexName: "signers",
              KeyConditionExpression: "signersPK = :pk",
              ExpressionAttributeValues: { ":pk": `SIGNERS#${p.record.id}#${shard}` },
              ExclusiveStartKey: start,
            }),
          );
          // The index holds only what mail reads: the signatures themselves are read by key.
          const keys = (page.Items ?? []).map((s) => ({ PK: s.PK, SK: s.SK }));
          for (let i = 0; i < keys.length; i += 100) {
            const { Responses } = await documents.send(
              new BatchGetCommand({ RequestItems: { [engine.tableName]: { Keys: keys.slice(i, i + 100) } } }),
            );
            validated += (Responses?.[engine.tableName] ?? []).filter((s) => s.state === "validated").length;
          }
          start = page.LastEvaluatedKey;
        } while (start);
      }
      const { Item } = await documents.send(
        new GetCommand({
          TableName: engine.tableName,
          // The counts item: the document's snapshot lags it by up to a minute.
          Key: { PK: `PETITION#${p.record.id}`, SK: "PETITION#COUNTS" },
        }),
      );
      expect(validated, `petition ${p.record.id}'s validated signatures`).toBe(p.expectedCount);
      // A petition nobody signed has no counts item: its document's counts stand.
      const count =
        Item?.signature_count ??
        (await service.getItem(`PETITION#${p.record.id}`, "PETITION"))?.signature_count;
      expect(count, `petition ${p.record.id}'s count`).toBe(p.expectedCount);
    }
  });

  it("tallies and indexes only the hours trending reads, however old the signatures it counted", async () => {
    const { isTrendingHour } = await import("../../shared/petitions/trending-list.ts");
    const { hourOfDate } = await import("../../shared/petitions/hourly.ts");
    const now = new Date();
    const items = await service.tableSnapshot();
    const tallyHours = items
      .filter((item) => String(item.PK).startsWith("TREND#"))
      .map((item) => String(item.PK).split("#")[2] ?? "");
    const indexedHours = items
      .filter((item) => typeof item.trendingPK === "string")
      .map((item) => String(item.trendingPK).slice("TRENDING#".length));
    const hourItems = items.filter((item) => item.entity === "HOUR").map((item) => String(item.hour));
    // Weeks of hourly history were counted...
    expect(new Set(hourItems).size).toBeGreaterThan(100);
    expect(hourItems.some((hour) => hour < hourOfDate(new Date(now.getTime() - 7 * 86_400_000)))).toBe(true);
    // ...but only the last two hours were tallied and marked, and those were.
    expect(tallyHours.length).toBeGreaterThan(0);
    expect(indexedHours.length).toBeGreaterThan(0);
    for (const hour of [...tallyHours, ...indexedHours]) expect(isTrendingHour(hour, now), hour).toBe(true);
  });

  it("moves petitions on as the service would: to moderation, and past a threshold with its emails", async () => {
    const waiting = first.planned.filter((p) => p.story.fate.kind === "awaiting_moderation");
    expect(waiting.length).toBeGreaterThan(0);
    const mail = await service.mailbox();
    for (const p of waiting) {
      const { Item } = await documents.send(
        new GetCommand({
          TableName: engine.tableName,
          Key: { PK: `PETITION#${p.record.id}`, SK: "PETITION" },
        }),
      );
      expect(Item?.state).toBe("sponsored");
      expect(mail.filter((m) => m.subject.includes(p.record.action))).toHaveLength(1);
    }
    const busiest = await service.get<{ data: { attributes: Record<string, unknown> } }>(
      `/petitions/${first.highlight}.json`,
    );
    expect(busiest.body.data.attributes.response_threshold_reached_at).toEqual(expect.any(String));
    expect(mail.filter((m) => /crossed a threshold/.test(m.subject))).toHaveLength(1);
  });

  it("writes nothing when run again", async () => {
    const before = await service.tableSnapshot();
    const again = await seed({ petitions: catalogue.length, signatures: 500 });
    expect(again.seeded).toBe(false);
    expect(again.interrupted).toBe(false);
    expect(again.firstId).toBe(first.firstId);
    await service.drain();
    expect(await service.tableSnapshot()).toEqual(before);
  });

  it("says so when the earlier seed stopped half way, and still writes nothing", async () => {
    await service.setItemFields("SEED", "SEED", { state: "writing" });
    const before = await service.tableSnapshot();
    const again = await seed({ petitions: catalogue.length, signatures: 500 });
    expect(again).toMatchObject({ seeded: false, interrupted: true });
    expect(await service.tableSnapshot()).toEqual(before);
  });

  it("starts again from an empty store and mailbox with --reset", async () => {
    expect((await service.mailbox()).length).toBeGreaterThan(0);
    // Published petitions only, below every threshold: nothing in this seed sends an email.
    const reset = await seed({ petitions: 12, signatures: 100, reset: true });
    expect(reset.seeded).toBe(true);
    expect(reset.firstId).toBe(1);
    const all = await listAll("all");
    expect(all.map((p) => p.id).sort((a, b) => a - b)).toEqual(expectedIn("all", reset.planned));
    expect(await service.mailbox()).toEqual([]);
  });
});
