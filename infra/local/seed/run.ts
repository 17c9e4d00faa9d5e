/**
 * Fills a running local service with the demo data: petitions written as the store writes them
 * (`petitionItem`, the state tally), signatures as signing writes them (`signatureItem`), then
 * counted by the service's own stream counter, never by the seed. Bulk loading skips the HTTP
 * layer and the confirmation emails, nothing else.
 *
 * Steps: find the engine (`/_local/engine.json`); refuse a second seed unless `reset`; reserve
 * petition ids from the service's counter; write petitions, then signatures; wait until every
 * petition's count equals its seeded signatures; run the threshold schedule once; drain the
 * stream; check every count once more.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { setAttributes } from "../../../shared/db/update.ts";
import { canonicalEmail, normaliseEmailForStorage } from "../../../shared/domain/email.ts";
import { loadUkData } from "../../../shared/geo/uk-data.ts";
import { useHashKeys } from "../../../shared/hash-key.ts";
import { reservePetitionIds, statsKey } from "../../../shared/petitions/items.ts";
import { petitionItem } from "../../../shared/petitions/store.ts";
import { pool } from "../../../shared/pool.ts";
import { type SignatureRecord, signatureId } from "../../../shared/signatures/model.ts";
import { signerSchema } from "../../../shared/signatures/schema.ts";
import { placeOf, signatureItem } from "../../../shared/signatures/sign.ts";
import { emailKeyOf, hashToken, newToken } from "../../../shared/signatures/tokens.ts";
import { putAll } from "../bulk.ts";
import { randomSource } from "../random.ts";
import { People } from "./people.ts";
import { type PlannedPetition, planSeed } from "./plan.ts";
import type { ProgressFactory } from "./progress.ts";

export interface SeedRequest {
  url: string;
  petitions: number;
  signatures: number;
  seed: number;
  reset: boolean;
  progress: ProgressFactory;
  log: (line: string) => void;
  now?: Date;
}

export interface SeedResult {
  /** False when the store had been seeded before and `reset` was not asked for. */
  seeded: boolean;
  /** The earlier seed this store holds stopped before it finished. */
  interrupted: boolean;
  firstId: number;
  petitions: number;
  signatures: number;
  seconds: number;
  /** The live petition, whose threshold the scheduled function stamped. */
  highlight: number | null;
  /** What was written, petition by petition (empty when nothing was). */
  planned: PlannedPetition[];
}

interface EngineDescription {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  settings: {
    DATA_DIR: string;
    THRESHOLD_FOR_MODERATION: number;
    THRESHOLD_FOR_RESPONSE: number;
    THRESHOLD_FOR_DEBATE: number;
    PETITION_DURATION_MONTHS: number;
    SIGNER_INDEX_SHARDS: number;
    HASH_KEY?: string;
  };
}

export class SeedError extends Error {
  override name = "SeedError";
}

const MARKER = { PK: "SEED", SK: "SEED" } as const;
/** How long counting may make no progress before the seed gives up and says so. */
const STALL_MS = 120_000;

async function describeEngine(url: string): Promise<EngineDescription> {
  let response: Response;
  try {
    response = await fetch(`${url}/_local/engine.json`);
  } catch {
    throw new SeedError(`No local service answers at ${url}: start it with \`npm start\` first.`);
  }
  if (!response.ok)
    throw new SeedError(`${url} is not the local engine (GET /_local/engine.json gave ${response.status}).`);
  return (await response.json()) as EngineDescription;
}

async function local(url: string, method: string, path: string): Promise<Response> {
  const response = await fetch(`${url}${path}`, { method });
  if (!response.ok && response.status !== 503) {
    throw new SeedError(`${method} ${path} gave ${response.status}: ${await response.text()}`);
  }
  return response;
}

export async function seedService(request: SeedRequest): Promise<SeedResult> {
  const started = performance.now();
  const url = request.url.replace("//localhost:", "//127.0.0.1:");
  const engine = await describeEngine(url);
  // Signature keys are hashed with the engine's key, or the engine would not recognise its signers.
  if (engine.settings.HASH_KEY) useHashKeys(engine.settings.HASH_KEY);
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: engine.dynamoEndpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const table = engine.tableName;
  try {
    const { Item: marker } = await db.send(
      new GetCommand({ TableName: table, Key: MARKER, ConsistentRead: true }),
    );
    if (marker && !request.reset) {
      return {
        seeded: false,
        interrupted: marker.state !== "done",
        firstId: Number(marker.first_id),
        petitions: Number(marker.petitions),
        signatures: Number(marker.signatures),
        seconds: 0,
        highlight: null,
        planned: [],
      };
    }
    if (request.reset) {
      request.log("Emptying the store and the mailbox");
      await local(url, "POST", "/_local/reset");
    }

    // The service's own id counter, so petitions created later never collide with these.
    const firstId = await reservePetitionIds(request.petitions, db, table);
    const now = request.now ?? new Date();
    const plan = planSeed({
      petitions: request.petitions,
      signatures: request.signatures,
      seed: request.seed,
      now,
      firstId,
      settings: engine.settings,
    });
    const total = plan.reduce((t, p) => t + p.signatures.length, 0);
    const expected = plan.reduce((t, p) => t + p.expectedCount, 0);
    await db.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...MARKER,
          state: "writing",
          first_id: firstId,
          petitions: plan.length,
          signatures: total,
          at: now.toISOString(),
        },
      }),
    );

    const data = loadUkData(engine.settings.DATA_DIR);
    const people = new People(randomSource(request.seed ^ 0x5eed), data, now);
    const signers = signerSchema(data, () => now);
    const creators = plan.map((p) => people.creator(p.story.creator));
    const withCreators = plan.map((p, i) => {
      const creator = creators[i];
      if (!creator) throw new Error("No creator");
      const emailKey = emailKeyOf(canonicalEmail(creator.email), p.record.id);
      p.record.creator_signature_id = signatureId(p.record.id, 1, emailKey);
      p.record.sponsor_token = newToken();
      return { plan: p, creator };
    });

    const petitionBar = request.progress("Petitions", plan.length, "petitions");
    await putAll(
      db,
      table,
      plan.map((p) => petitionItem(p.record)),
      { written: (landed) => petitionBar.update(landed) },
    );
    petitionBar.finish();
    await addStateTallies(db, table, plan);

    const signatureBar = request.progress("Signatures", total, "signatures");
    await putAll(
      db,
      table,
      (function* () {
        for (const { plan: p, creator } of withCreators) {
          yield* signatureItems(p, creator, people, signers, data, engine.settings.SIGNER_INDEX_SHARDS);
        }
      })(),
      { concurrency: 6, written: (landed) => signatureBar.update(landed) },
    );
    signatureBar.finish();

    await waitForCounts(db, table, plan, expected, request);
    // The threshold function runs every minute in service; run it now so the live petition's
    // crossing is stamped, mailed and reported before the newcomer looks.
    await local(url, "POST", "/_local/schedules/ProcessThresholds");
    request.log("Waiting for the stream to finish (search index, facet totals, email)");
    while ((await local(url, "GET", "/_local/drain?seconds=300")).status === 503) {
      request.log("Still draining...");
    }
    const wrong = await countsThatDiffer(db, table, plan);
    if (wrong.length > 0) {
      throw new SeedError(
        `Counts differ from the seeded signatures: ${wrong
          .slice(0, 5)
          .map((w) => `petition ${w.id} has ${w.count}, expected ${w.expected}`)
          .join("; ")}`,
      );
    }
    await db.send(new UpdateCommand(setAttributes(table, MARKER, { state: "done" })));
    const live = plan.find(
      (p) => (p.story.fate.kind === "open" || p.story.fate.kind === "closed") && p.story.fate.live,
    );
    return {
      seeded: true,
      interrupted: false,
      firstId,
      petitions: plan.length,
      signatures: total,
      seconds: (performance.now() - started) / 1000,
      highlight: live?.record.id ?? null,
      planned: plan,
    };
  } finally {
    db.destroy();
  }
}

/** The state tally, as the store's transactions would have left it. */
async function addStateTallies(db: DynamoDBDocumentClient, table: string, plan: readonly PlannedPetition[]) {
  const byState = new Map<string, number>();
  for (const p of plan) byState.set(p.record.state, (byState.get(p.record.state) ?? 0) + 1);
  const states = [...byState];
  await db.send(
    new UpdateCommand({
      TableName: table,
      Key: statsKey,
      UpdateExpression: `ADD ${states.map((_, i) => `#s${i} :n${i}`).join(", ")}`,
      ExpressionAttributeNames: Object.fromEntries(states.map(([state], i) => [`#s${i}`, state])),
      ExpressionAttributeValues: Object.fromEntries(states.map(([, n], i) => [`:n${i}`, n])),
    }),
  );
}

/** Every signature of one petition, as signing and confirming would have stored it. */
function* signatureItems(
  p: PlannedPetition,
  creator: ReturnType<People["creator"]>,
  people: People,
  signers: ReturnType<typeof signerSchema>,
  data: Parameters<typeof placeOf>[1],
  shards: number,
) {
  const home = Math.floor(p.record.id * 97) % people.postcodeCount;
  let n = 0;
  for (const planned of p.signatures) {
    const person = planned.kind === "creator" ? creator : people.person(++n, home);
    const signer = signers.parse({
      name: person.name,
      email: person.email,
      postcode: person.postcode,
      location: person.location,
      uk_citizenship: true,
      notify_by_email: planned.kind === "creator" || n % 400 === 1,
    });
    const emailKey = emailKeyOf(canonicalEmail(signer.email), p.record.id);
    const confirmedAt = planned.validatedAt;
    const createdAt = new Date((confirmedAt ?? Date.parse(p.record.created_at)) - 4 * 60_000).toISOString();
    const token = newToken();
    const record: SignatureRecord = {
      entity: "SIGNATURE",
      id: signatureId(p.record.id, 1, emailKey),
      petition_id: p.record.id,
      slot: 1,
      kind: planned.kind,
      name: signer.name,
      email: normaliseEmailForStorage(signer.email),
      postcode: signer.postcode,
      location: signer.location,
      ...placeOf(signer, data),
      ip: person.ip,
      state: confirmedAt === null ? "pending" : "validated",
      notify_by_email: signer.notify_by_email,
      // An unconfirmed creator can still be sent a fresh link; confirmed ones need none.
      token_hashes: confirmedAt === null ? [hashToken(token)] : [],
      unsubscribe_token: newToken(),
      email_count: 1,
      created_at: createdAt,
      ...(confirmedAt === null ? {} : { validated_at: new Date(confirmedAt).toISOString() }),
    };
    const expiresAt = confirmedAt === null ? Math.floor(Date.now() / 1000) + 30 * 86_400 : undefined;
    yield signatureItem(record, emailKey, shards, expiresAt);
  }
}

async function readCounts(db: DynamoDBDocumentClient, table: string, ids: readonly number[]) {
  const counts = new Map<number, number>();
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += 100) batches.push(ids.slice(i, i + 100));
  await pool(batches, 4, async (batch) => {
    let keys: Record<string, unknown>[] = batch.map((id) => ({ PK: `PETITION#${id}`, SK: "PETITION" }));
    while (keys.length > 0) {
      const { Responses, UnprocessedKeys } = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: { Keys: keys, ProjectionExpression: "id, signature_count", ConsistentRead: true },
          },
        }),
      );
      for (const item of Responses?.[table] ?? []) counts.set(Number(item.id), Number(item.signature_count));
      keys = (UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  });
  return counts;
}

/** Polls the petitions still short of their count until none is; progress is the sum counted. */
async function waitForCounts(
  db: DynamoDBDocumentClient,
  table: string,
  plan: readonly PlannedPetition[],
  expected: number,
  request: SeedRequest,
) {
  const waiting = new Map(plan.map((p) => [p.record.id, p.expectedCount]));
  let counted = 0;
  let seen = 0;
  let lastProgress = Date.now();
  let bar: ReturnType<ProgressFactory> | null = null;
  for (;;) {
    const counts = await readCounts(db, table, [...waiting.keys()]);
    let partial = 0;
    for (const [id, want] of waiting) {
      const count = counts.get(id) ?? 0;
      if (count >= want) {
        counted += want;
        waiting.delete(id);
      } else partial += count;
    }
    if (counted + partial > seen) {
      seen = counted + partial;
      lastProgress = Date.now();
    }
    // The counter works while signatures are written: the bar starts at what it has done.
    bar ??= request.progress("Counting", expected, "signatures", seen);
    bar.update(seen);
    if (waiting.size === 0) break;
    if (Date.now() - lastProgress > STALL_MS) {
      throw new SeedError(
        `Counting made no progress for ${STALL_MS / 1000} s; ${waiting.size} petitions are short. See /_local/dead-letters.`,
      );
    }
    await sleep(500);
  }
  bar?.finish();
}

async function countsThatDiffer(db: DynamoDBDocumentClient, table: string, plan: readonly PlannedPetition[]) {
  const counts = await readCounts(
    db,
    table,
    plan.map((p) => p.record.id),
  );
  return plan
    .map((p) => ({ id: p.record.id, count: counts.get(p.record.id) ?? 0, expected: p.expectedCount }))
    .filter((c) => c.count !== c.expected);
}
