import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { setAttributes } from "../../../shared/db/update.ts";
import { canonicalEmail } from "../../../shared/domain/email.ts";
import { loadUkData } from "../../../shared/geo/uk-data.ts";
import { useHashKeys } from "../../../shared/hash-key.ts";
import { reservePetitionIds } from "../../../shared/petitions/items.ts";
import { petitionItem } from "../../../shared/petitions/store.ts";
import { signatureId } from "../../../shared/signatures/model.ts";
import { signerSchema } from "../../../shared/signatures/submitted-fields.ts";
import { emailKeyOf, newToken } from "../../../shared/signatures/tokens.ts";
import { putAll } from "../bulk.ts";
import { randomSource } from "../random.ts";
import { countsThatDiffer, waitForCounts } from "./counts.ts";
import { describeEngine, local, SeedError } from "./engine-link.ts";
import { addStateTallies, signatureItems } from "./items.ts";
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

const MARKER = { PK: "SEED", SK: "SEED" } as const;
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
