/**
 * The local engine: one Node process that runs the topology on DynamoDB Local and a local SES,
 * as AWS runs it on Lambda, API Gateway, DynamoDB Streams and EventBridge Scheduler.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { loadConfig } from "../../shared/config.ts";
import { counterKey } from "../../shared/db/keys.ts";
import { staffTokenVerifier } from "../../shared/http/staff-tokens.ts";
import { registerClientHook } from "../../shared/sdk-hooks.ts";
import { topology } from "../../shared/topology.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { assetRoutes } from "./assets.ts";
import { CallLog } from "./call-log.ts";
import { drainStream } from "./drain.ts";
import {
  assertPortFree,
  type Dynamo,
  ensureTable,
  freePort,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalSes,
  startDynamo,
  startSes,
} from "./emulators.ts";
import { eventBus } from "./event-bus.ts";
import { FaultInjector } from "./faults.ts";
import { setFunctionEnvironment } from "./function-environment.ts";
import { FunctionRunner } from "./functions.ts";
import { startHttpServer } from "./http-server.ts";
import { localRoutes } from "./local-routes.ts";
import { SentMailLog } from "./mail-events.ts";
import { queueSender } from "./queue-delivery.ts";
import { type Schedules, startSchedules } from "./schedules.ts";
import { staffAuthRoutes } from "./staff-auth.ts";
import { localSigningKey } from "./staff-token.ts";
import { followTableStream, type StreamPoller } from "./streams.ts";

export interface EngineOptions {
  root: string;
  port: number;
  dynamoPort: number;
  sesPort: number;
  /** Folder for DynamoDB Local's files; null keeps everything in memory. */
  dataPath: string | null;
  tableName?: string;
  /** Seconds between timer runs of every schedule; 0 runs schedules only on demand. */
  scheduleIntervalSeconds?: number;
  /** Settings passed to every function (thresholds for tests, for example). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
  functions?: readonly FunctionSpec[];
  /**
   * Staff sign in through the engine's stand-in for Cognito's hosted sign-in (authorization code
   * with PKCE, then sign-out revokes the refresh token) instead of pasting a token.
   */
  hostedSignIn?: boolean;
}

export interface Engine {
  url: string;
  dynamoEndpoint: string;
  sesEndpoint: string;
  tableName: string;
  functions: readonly FunctionSpec[];
  drain(timeoutMs?: number): Promise<void>;
  runSchedule(name: string): Promise<unknown>;
  /** Runs `write` unseen by the stream consumers (StreamPoller.withoutStream): for bench seeding. */
  withoutStream<T>(write: () => Promise<T>): Promise<T>;
  /** Has no petition ever been created in this store? */
  isEmpty(): Promise<boolean>;
  /** Empties the store (a fresh DynamoDB Local, the table made afresh) and the mailbox. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The origin secret the engine adds as CloudFront would: random, one per process (every engine a
 * process starts shares the functions' environment, so they share the value too).
 */
const ORIGIN_SECRET = randomBytes(32).toString("base64url");

export async function startEngine(options: EngineOptions): Promise<Engine> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const functions = options.functions ?? topology;
  const tableName = options.tableName ?? "petitions";
  const url = `http://localhost:${options.port}`;
  await assertPortFree(options.port);

  let dynamo: Dynamo | null = null;
  let ses: LocalSes | null = null;
  let server: Server | null = null;
  let poller: StreamPoller | null = null;
  let schedules: Schedules | null = null;

  const stop = async () => {
    schedules?.stop();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((r) => server?.close(() => r()));
    }
    await poller?.stop();
    await ses?.stop();
    await dynamo?.stop();
  };

  try {
    // Both start at once; if one fails, the other is still stopped below.
    const [startedDynamo, startedSes] = await Promise.allSettled([
      startDynamo(options.dynamoPort, options.dataPath),
      startSes(options.sesPort),
    ]);
    if (startedDynamo.status === "fulfilled") dynamo = startedDynamo.value;
    if (startedSes.status === "fulfilled") ses = startedSes.value;
    if (startedDynamo.status === "rejected") throw startedDynamo.reason;
    if (startedSes.status === "rejected") throw startedSes.reason;
    if (!dynamo || !ses) throw new Error("The emulators did not start");
    const originSecret = setFunctionEnvironment({
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName,
      url,
      originSecret: ORIGIN_SECRET,
      dataPath: options.dataPath,
      hostedSignIn: options.hostedSignIn,
      settings: options.settings,
    });
    localSigningKey();
    await ensureTable(dynamo.endpoint, tableName);

    const admin = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const faults = new FaultInjector();
    registerClientHook((kind) => faults.plugin(kind));
    const calls = new CallLog();
    registerClientHook((kind) => calls.plugin(kind));
    const sentMail = new SentMailLog();
    registerClientHook((kind) => sentMail.plugin(kind));
    const runner = new FunctionRunner(options.root);
    await runner.preload(functions);
    const dynamoEndpoint = dynamo.endpoint;
    const sendToQueue = queueSender(functions, runner, log);
    const sesEndpoint = ses.endpoint;
    const startPoller = () =>
      followTableStream({
        admin,
        endpoint: dynamoEndpoint,
        tableName,
        functions,
        runner,
        log,
        onFailure: sendToQueue,
        observe: (oldImage, newImage) => calls.observeChange(oldImage, newImage),
      });
    let activePoller = await startPoller();
    poller = activePoller;

    const drain = (timeoutMs?: number) => drainStream(admin, tableName, () => activePoller, timeoutMs);
    schedules = startSchedules(functions, runner, options.scheduleIntervalSeconds, log);
    const { runSchedule } = schedules;
    const { mailEvent } = eventBus(functions, runner, sentMail);

    const isEmpty = async () => {
      const { Item } = await admin.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { PK: { S: counterKey("petition").PK }, SK: { S: counterKey("petition").SK } },
          ConsistentRead: true,
        }),
      );
      return Item === undefined;
    };
    // DynamoDB Local keeps a dropped table's stream records and slows down reading the new
    // stream, so an empty store is a fresh DynamoDB Local (its files removed) on the same port.
    const reset = async () => {
      await activePoller.stop();
      await dynamo?.stop();
      if (options.dataPath) rmSync(options.dataPath, { recursive: true, force: true });
      dynamo = await startDynamo(options.dynamoPort, options.dataPath);
      await ensureTable(dynamoEndpoint, tableName);
      activePoller = await startPoller();
      poller = activePoller;
      await fetch(`${sesEndpoint}/clear-store`, { method: "POST" });
      sentMail.clear();
    };
    /** What a tool working beside the engine (`npm run seed`) needs to know about it. */
    const description = () => ({
      url,
      dynamoEndpoint,
      sesEndpoint,
      tableName,
      settings: loadConfig([
        "DATA_DIR",
        "THRESHOLD_FOR_MODERATION",
        "MAX_SPONSORS",
        "THRESHOLD_FOR_RESPONSE",
        "THRESHOLD_FOR_DEBATE",
        "PETITION_DURATION_MONTHS",
        "ANONYMISE_AFTER_MONTHS",
        "SIGNER_INDEX_SHARDS",
        "TRENDING_THRESHOLD",
        // Tools beside the engine (the seed) write keys hashed as the functions hash them.
        "HASH_KEY",
      ]),
    });

    const local = localRoutes({
      describe: description,
      reset,
      sesEndpoint: ses.endpoint,
      schedules: schedules.list,
      runSchedule,
      drain: (timeoutMs) => drain(timeoutMs),
      parked: () => activePoller.parked,
      mailEvent,
      faults,
      calls,
      root: options.root,
    });

    // API Gateway's JWT authorizer on staff routes: the same verifier the staff pages use.
    const verifyStaffToken = staffTokenVerifier(loadConfig(["STAFF_JWT_ISSUER", "STAFF_JWT_AUDIENCE"]));
    await startHttpServer(
      {
        port: options.port,
        functions,
        runner,
        staffAuth: staffAuthRoutes(url),
        local,
        assets: assetRoutes(),
        verifyStaffToken,
        originSecret,
        log,
      },
      (created) => {
        server = created;
      },
    );

    return {
      url,
      dynamoEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName,
      functions,
      drain,
      runSchedule,
      withoutStream: (write) => activePoller.withoutStream(write),
      isEmpty,
      reset,
      stop: async () => {
        admin.destroy();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const projectRoot = resolve(import.meta.dirname, "../..");

/**
 * An engine in memory on free ports, with schedules run only on demand: tests and benches
 * start as many as they need without colliding with each other or with `npm start`.
 */
export async function startEngineOnFreePorts(
  options: Pick<EngineOptions, "settings" | "log" | "functions" | "hostedSignIn"> = {},
): Promise<Engine> {
  const [port, dynamoPort, sesPort] = [await freePort(), await freePort(), await freePort()];
  return startEngine({
    root: projectRoot,
    port,
    dynamoPort,
    sesPort,
    dataPath: null,
    scheduleIntervalSeconds: 0,
    ...options,
  });
}
