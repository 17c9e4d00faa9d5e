/**
 * The local engine: one Node process that runs the topology on DynamoDB Local and a local SES,
 * as AWS runs it on Lambda, API Gateway, DynamoDB Streams and EventBridge Scheduler.
 */

import { randomBytes, randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { loadConfig } from "../../shared/config.ts";
import { counterKey } from "../../shared/db/keys.ts";
import { staffTokenVerifier } from "../../shared/http/staff-tokens.ts";
import { registerClientHook } from "../../shared/sdk-hooks.ts";
import { topology } from "../topology.ts";
import type { FunctionSpec, QueueName } from "../topology-types.ts";
import { assetRoutes } from "./assets.ts";
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
import { FaultInjector } from "./faults.ts";
import { FunctionRunner } from "./functions.ts";
import { localHashKey } from "./hash-key.ts";
import { localRoutes } from "./local-routes.ts";
import { type MailEventRequest, SentMailLog, sesFeedbackEvent } from "./mail-events.ts";
import { type CompiledRoute, compileRoutes, defaultRoute, matchRoute, toEvent } from "./router.ts";
import { staffAuthRoutes } from "./staff-auth.ts";
import { LOCAL_AUDIENCE, localIssuer, localSigningKey } from "./staff-token.ts";
import { StreamPoller } from "./streams.ts";

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

const MAX_BODY = 1024 * 1024;

/**
 * The origin secret the engine adds as CloudFront would: random, one per process (every engine a
 * process starts shares the functions' environment, so they share the value too).
 */
const ORIGIN_SECRET = randomBytes(32).toString("base64url");

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

interface HandlerResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

function writeResult(response: ServerResponse, result: unknown): void {
  // API Gateway's payload 2.0 rule: anything without a statusCode is a 200 JSON body.
  const shaped: HandlerResult =
    result && typeof result === "object" && "statusCode" in result
      ? (result as HandlerResult)
      : {
          statusCode: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(result ?? null),
        };
  for (const [name, value] of Object.entries(shaped.headers ?? {})) response.setHeader(name, String(value));
  for (const [name, values] of Object.entries(shaped.multiValueHeaders ?? {})) {
    response.setHeader(name, values.map(String));
  }
  if (shaped.cookies?.length) response.setHeader("set-cookie", shaped.cookies);
  response.statusCode = shaped.statusCode ?? 200;
  response.end(shaped.isBase64Encoded ? Buffer.from(shaped.body ?? "", "base64") : (shaped.body ?? ""));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(JSON.stringify(body));
}

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
  const timers: NodeJS.Timeout[] = [];

  const stop = async () => {
    for (const timer of timers) clearInterval(timer);
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
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamo.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      TABLE_NAME: tableName,
      PUBLIC_URL: process.env.PUBLIC_URL ?? url,
      ORIGIN_SECRET,
      HASH_KEY: localHashKey(options.dataPath),
      // The engine is the staff token issuer, as Cognito is on AWS; functions have no default.
      STAFF_JWT_ISSUER: localIssuer(url),
      STAFF_JWT_AUDIENCE: LOCAL_AUDIENCE,
      STAFF_SIGN_IN_URL: options.hostedSignIn ? localIssuer(url) : "",
      ...options.settings,
    });
    delete process.env.ORIGIN_SECRET_ARN;
    delete process.env.HASH_KEY_ARN;
    const originSecret = process.env.ORIGIN_SECRET ?? ORIGIN_SECRET;
    localSigningKey();
    await ensureTable(dynamo.endpoint, tableName);

    const admin = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const faults = new FaultInjector();
    registerClientHook((kind) => faults.plugin(kind));
    const sentMail = new SentMailLog();
    registerClientHook((kind) => sentMail.plugin(kind));
    const runner = new FunctionRunner(options.root);
    await runner.preload(functions);
    const dynamoEndpoint = dynamo.endpoint;
    /**
     * A message to a queue, as SQS and Lambda's queue trigger hand it over: each consumer is
     * invoked with it, again after a failure (the visibility timeout, shortened here) until its
     * receive limit, then it stays in the queue's dead letters (logged).
     */
    const sendToQueue = async (queue: QueueName, body: unknown) => {
      const consumers = functions.filter((f) => f.queue?.name === queue);
      if (consumers.length === 0) log(`queue ${queue}: a message with no consumer was dropped`);
      const messageId = randomUUID();
      await Promise.all(
        consumers.map(async (spec) => {
          const limit = spec.queue?.maxReceiveCount ?? 1;
          for (let receive = 1; receive <= limit; receive++) {
            const failed = await runner
              .invoke(spec, {
                Records: [
                  {
                    messageId,
                    receiptHandle: `${messageId}#${receive}`,
                    body: JSON.stringify(body),
                    attributes: { ApproximateReceiveCount: String(receive) },
                    messageAttributes: {},
                    md5OfBody: "",
                    eventSource: "aws:sqs",
                    eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:000000000000:${queue}`,
                    awsRegion: LOCAL_REGION,
                  },
                ],
              })
              .then(
                (result) =>
                  ((result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures ?? [])
                    .length > 0,
                () => true,
              );
            if (!failed) return;
            await sleep(250 * 2 ** receive);
          }
          log(
            `queue ${queue}: ${spec.name} failed a message ${limit} times; it is in the queue's dead letters`,
          );
        }),
      );
    };
    const sesEndpoint = ses.endpoint;
    /** Follows the table's current stream from its start. */
    const startPoller = async () => {
      const { Table } = await admin.send(new DescribeTableCommand({ TableName: tableName }));
      if (!Table?.LatestStreamArn) throw new Error("The table has no stream");
      const started = new StreamPoller(
        dynamoEndpoint,
        Table.LatestStreamArn,
        functions,
        runner,
        log,
        sendToQueue,
      );
      started.start();
      return started;
    };
    let activePoller = await startPoller();
    poller = activePoller;

    const drain = async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      const until = async (done: () => boolean) => {
        while (!done()) {
          if (Date.now() > deadline) throw new Error("The stream did not drain in time");
          await sleep(15);
        }
      };
      // A marker item is written; once the poller has read past it and every function is idle,
      // all earlier records are processed. Repeat until a round brings nothing new.
      for (;;) {
        const before = activePoller.delivered;
        const marker = `DRAIN#${randomUUID()}`;
        await admin.send(
          new PutItemCommand({ TableName: tableName, Item: { PK: { S: marker }, SK: { S: "DRAIN" } } }),
        );
        await until(() => activePoller.hasSeen(marker) && activePoller.idle);
        // A function that was busy may have written just before it went idle: every shard must
        // then be read to its end twice (the second read began after the reset) while all stay idle.
        activePoller.resetQuiet();
        await until(() => activePoller.shardsQuiet(2) || !activePoller.idle);
        await admin.send(
          new DeleteItemCommand({ TableName: tableName, Key: { PK: { S: marker }, SK: { S: "DRAIN" } } }),
        );
        if (activePoller.delivered === before && activePoller.idle) return;
      }
    };

    const schedules = new Map(functions.filter((f) => f.schedule).map((f) => [f.name, f]));
    const runSchedule = async (name: string) => {
      const spec = schedules.get(name);
      if (!spec) throw new Error(`No schedule named ${name}`);
      return runner.invoke(spec, {
        source: "local.scheduler",
        schedule: name,
        time: new Date().toISOString(),
      });
    };
    const interval = options.scheduleIntervalSeconds;
    for (const spec of schedules.values()) {
      const everyMs = (interval ?? (spec.schedule?.everyMinutes ?? 60) * 60) * 1000;
      if (interval === 0) continue;
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        runSchedule(spec.name)
          .catch((error: unknown) =>
            log(`schedule ${spec.name} failed: ${error instanceof Error ? error.message : error}`),
          )
          .finally(() => {
            running = false;
          });
      }, everyMs);
      timer.unref();
      timers.push(timer);
    }

    /** EventBridge's part: each function whose rule matches the event gets it. */
    const publishEvent = async (event: { source: string; "detail-type": string }) => {
      const targets = functions.filter(
        (spec) =>
          spec.events?.source.includes(event.source) && spec.events.detailType.includes(event["detail-type"]),
      );
      const results: Record<string, unknown> = {};
      for (const spec of targets) results[spec.name] = await runner.invoke(spec, event);
      return results;
    };
    const mailEvent = async (request: MailEventRequest) => {
      const event = sesFeedbackEvent(request, sentMail.newestTo(request.email));
      return {
        event: { id: event.id, "detail-type": event["detail-type"] },
        results: await publishEvent(event),
      };
    };

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

    const routes = compileRoutes(functions);
    const fallback = defaultRoute(functions);
    const local = localRoutes({
      describe: description,
      reset,
      sesEndpoint: ses.endpoint,
      schedules: () =>
        [...schedules.values()].map((s) => ({ name: s.name, everyMinutes: s.schedule?.everyMinutes })),
      runSchedule,
      drain: (timeoutMs) => drain(timeoutMs),
      parked: () => activePoller.parked,
      mailEvent,
      faults,
      root: options.root,
    });

    const assets = assetRoutes();
    const staffAuth = staffAuthRoutes(url);
    // API Gateway's JWT authorizer on staff routes: the same verifier the staff pages use.
    const verifyStaffToken = staffTokenVerifier(loadConfig(["STAFF_JWT_ISSUER", "STAFF_JWT_AUDIENCE"]));
    server = createServer(async (request, response) => {
      try {
        const path = new URL(request.url ?? "/", "http://local").pathname;
        if (await staffAuth(request, response, path)) return;
        if (await local(request, response, path)) return;
        if (assets(request, response, path)) return;
        const found = matchRoute(routes, request.method ?? "GET", path);
        if (found === "malformed") return sendJson(response, 400, { message: "Bad Request" });
        // What no route matches goes to the `$default` route's function, as on API Gateway;
        // without one, API Gateway's own 404.
        const missed = found === null || found === "method";
        if (missed && !fallback) return sendJson(response, 404, { message: "Not Found" });
        const matched: { route: CompiledRoute; params: Record<string, string> } = missed
          ? { route: fallback as CompiledRoute, params: {} }
          : found;
        let claims: Record<string, unknown> | null = null;
        if (matched.route.route.auth !== "public") {
          const header = request.headers.authorization ?? "";
          const token = header.match(/^Bearer\s+(.+)$/i)?.[1];
          claims = token ? await verifyStaffToken(token) : null;
          // API Gateway's JWT authorizer refuses before the function runs.
          if (!claims) return sendJson(response, 401, { message: "Unauthorized" });
        }
        const body = await readBody(request);
        if (body === null) {
          // The rest of the body is never read, so this connection cannot carry another request.
          response.setHeader("connection", "close");
          return sendJson(response, 413, { message: "Request Entity Too Large" });
        }
        const event = toEvent(request, body, matched.route, matched.params, claims, originSecret);
        const result = await runner.invoke(matched.route.spec, event);
        writeResult(response, result);
      } catch (error) {
        log(`http: a function failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) sendJson(response, 500, { message: "Internal Server Error" });
        else response.end();
      }
    });
    await new Promise<void>((resolveListen, reject) => {
      server?.once("error", reject);
      // Idle connections outlive the clients' own keep-alive (undici: 4 s), so a client never
      // reuses a socket the server is closing at that moment.
      if (server) {
        server.keepAliveTimeout = 65_000;
        server.headersTimeout = 66_000;
      }
      server?.listen(options.port, "127.0.0.1", () => resolveListen());
    });

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
