/** The vocabulary of the topology: what a function is and what can trigger it. */
import type { SettingName } from "./config.ts";

export type Role = "moderator" | "sysadmin";
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface HttpRoute {
  method: HttpMethod;
  /** API Gateway route syntax: `/petitions/{id}`, whole segments only. */
  path: string;
  /** `public`, or the staff role (a `cognito:groups` member) the route needs. */
  auth: "public" | Role;
}

/**
 * A Lambda event-filter pattern on the stream record, as AWS writes them: every key names a
 * record field; a list holds the values it may take; `{ exists: boolean }` tests presence.
 */
export type FilterPattern = {
  [key: string]: FilterPattern | readonly (string | number | { exists: boolean })[];
};

export interface StreamTrigger {
  filters: readonly FilterPattern[];
  batchSize: number;
  /** Seconds Lambda may wait to fill a batch. */
  batchingWindowSeconds?: number;
  /**
   * How many times a failing record is retried before it goes to its on-failure path
   * (default: `functionDefaults.streamRetryAttempts`).
   */
  retryAttempts?: number;
  /**
   * Where Lambda sends the on-failure message (shard and sequence range) of a batch that still
   * fails after its retries: a queue named here, whose consumer (an entry with that `queue`
   * trigger) repairs what the batch would have done. Without it, the shared dead-letter queue.
   */
  onFailure?: QueueName;
  /**
   * Split a failing batch in two and retry each half (Lambda's BisectBatchOnFunctionError;
   * default true). A function that reports its first unapplied record in `batchItemFailures`
   * and must see its records again in order, from there, turns it off.
   */
  bisectOnError?: boolean;
  /**
   * A tumbling window of this many seconds (Lambda's TumblingWindowInSeconds, 1–900): each
   * invocation then names its shard (`shardId`) and window, carries the `state` the previous
   * invocation of that window returned, and must return a `state` itself; the window's last
   * invocation has `isFinalInvokeForWindow` set (Lambda developer guide, "Tumbling windows" for
   * DynamoDB streams). Records of one batch always come from one shard.
   */
  tumblingWindowSeconds?: number;
}

/** Queues a function can be triggered by; each is created once, with an alarm on its depth. */
export const queueNames = ["counterFailures", "mailFailures"] as const;
export type QueueName = (typeof queueNames)[number];

export interface QueueTrigger {
  /** The queue whose messages invoke the function. */
  name: QueueName;
  batchSize: number;
  /** Receives before a message goes to the queue's own dead-letter queue. */
  maxReceiveCount: number;
}

export interface ScheduleTrigger {
  /** How often it runs on AWS and, unless overridden, on the local engine's timer. */
  everyMinutes: number;
}

/**
 * Events on the account's default EventBridge bus, matched by source and detail type (on AWS an
 * EventBridge rule; the local engine invokes the function with the same event shape).
 */
export interface EventsTrigger {
  source: readonly string[];
  detailType: readonly string[];
}
/** Function groups whose concurrency is capped (reserved) so that they can never starve signing. */
export type ConcurrencyGroup = "export" | "pages" | "staff";

/**
 * What an entry gets for what it leaves out: both engines (the CDK stack and the local engine)
 * read these, so a function behaves alike on each.
 */
export const functionDefaults = {
  timeoutSeconds: 10,
  memoryMB: 512,
  /** Retries of a failing stream batch before its on-failure path (`StreamTrigger.retryAttempts`). */
  streamRetryAttempts: 5,
} as const;

export interface FunctionSpec {
  /** PascalCase; the CDK construct id and the local engine's schedule name. */
  name: string;
  /** Module path from the project root; it exports `handler`. */
  handler: string;
  description: string;
  routes?: readonly HttpRoute[];
  /**
   * Answers every request no route matches: API Gateway's `$default` route, and the local
   * engine's misses. At most one function has it.
   */
  defaultRoute?: boolean;
  stream?: StreamTrigger;
  schedule?: ScheduleTrigger;
  events?: EventsTrigger;
  queue?: QueueTrigger;
  /** Settings the function reads; each engine passes exactly these. */
  settings: readonly SettingName[];
  /** The table access it is granted: "none" for a function that never touches it (no TABLE_NAME). */
  table: "none" | "read" | "read-write";
  /** Reads the table's stream through the Streams API (GetShardIterator, GetRecords). */
  readsStream?: boolean;
  /** Sends email through SES. */
  mail?: boolean;
  /** Renders pages: its bundle carries the views and GOV.UK Frontend's templates. */
  web?: boolean;
  /**
   * Serves the OpenAPI document: its bundle's data directory holds the document's body, built at
   * bundle time (shared/http/openapi-info.ts), so it needs DATA_DIR among its settings.
   */
  openApiBody?: boolean;
  /** Default: `functionDefaults.timeoutSeconds`. */
  timeoutSeconds?: number;
  /** Default: `functionDefaults.memoryMB`. */
  memoryMB?: number;
  /** Capped on AWS by reserved concurrency, a share of the stage's quota for the group. */
  concurrency?: ConcurrencyGroup;
  /** Its write routes are signing routes: the stage's signing throttle, not the general write one. */
  signing?: boolean;
  /** On AWS, deploys through an alias with a CodeDeploy canary that rolls back on its errors. */
  canary?: boolean;
}
