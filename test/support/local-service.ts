/**
 * A client for a running local engine, free of any test framework so tests and benchmarks
 * share it: HTTP as a person (each from their own loopback address), the mailbox, the stream drain,
 * schedules, fault injection, and the table underneath.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { CallEntry } from "../../infra/local/call-log.ts";
import type { IndexWriteTally } from "../../infra/local/index-writes.ts";
import type { MailMessage as Mail } from "../../infra/local/mailbox.ts";
import { fetchFrom, someIp } from "./from-address.ts";

type IndexWrites = ReturnType<IndexWriteTally["summary"]>;

export type { Mail };
export { someIp };

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** The address this person connects from (a loopback address; see from-address.ts). */
  ip?: string;
  token?: string;
}

export const uniqueEmail = (name = "signer") => `${name}.${randomUUID().slice(0, 12)}@example.com`;

export function signer(overrides: Record<string, unknown> = {}) {
  return {
    name: "Sam Signer",
    email: uniqueEmail(),
    postcode: "SW1A 1AA",
    location: "GB",
    uk_citizenship: true,
    ...overrides,
  };
}

export function linkIn(mail: Mail, pattern: RegExp): string {
  const link = (mail.text.match(/https?:\/\/\S+/g) ?? []).find((l) => pattern.test(l));
  if (!link) throw new Error(`no link matching ${pattern} in "${mail.subject}"`);
  return link;
}

/** A path on the engine from an absolute link in an email. */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

export class LocalService {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    readonly baseUrl: string,
    dynamoEndpoint: string,
    readonly tableName: string,
  ) {
    this.documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: dynamoEndpoint,
        region: "eu-west-2",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      }),
    );
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = {
      accept: "application/json",
      ...options.headers,
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetchFrom(options.ip ?? someIp(), `${this.baseUrl}${path}`, {
      method,
      headers,
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string, options?: CallOptions) {
    return this.call<T>("GET", path, options);
  }

  post<T = unknown>(path: string, body: unknown, options?: CallOptions) {
    return this.call<T>("POST", path, { ...options, body });
  }

  async drain(): Promise<void> {
    const answer = await this.get("/_local/drain");
    if (answer.status !== 200) throw new Error(`drain failed: ${answer.text}`);
  }

  async runSchedule(name: string): Promise<unknown> {
    const answer = await this.call<{ result: unknown }>("POST", `/_local/schedules/${name}`);
    if (answer.status !== 200) throw new Error(`schedule ${name} failed: ${answer.text}`);
    return answer.body.result;
  }

  /** Starts the engine's call log afresh (/_local/calls); `calls()` reads it, `stopCalls()` ends it. */
  async recordCalls(): Promise<void> {
    const answer = await this.call("POST", "/_local/calls");
    if (answer.status !== 200) throw new Error(`call log failed: ${answer.text}`);
  }

  async calls(): Promise<CallEntry[]> {
    return (await this.get<{ calls: CallEntry[] }>("/_local/calls")).body.calls;
  }

  /** The index writes AWS would charge for what the stream showed since `recordCalls()`. */
  async indexWrites(): Promise<IndexWrites> {
    return (await this.get<{ indexWrites: IndexWrites }>("/_local/calls")).body.indexWrites;
  }

  async stopCalls(): Promise<void> {
    await this.call("DELETE", "/_local/calls");
  }

  async mailbox(): Promise<Mail[]> {
    return (await this.get<Mail[]>("/_local/mail.json")).body;
  }

  async faults(rules: unknown[], seed = 1): Promise<void> {
    const answer = await this.post("/_local/faults", { seed, rules });
    if (answer.status !== 200) throw new Error(`faults refused: ${answer.text}`);
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/_local/faults");
  }

  /** Every item in the table, for before-and-after comparisons. */
  async tableSnapshot(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
  }

  async getItem(PK: string, SK: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { PK, SK }, ConsistentRead: true }),
    );
    return Item;
  }

  /** Sets fields on an item directly, standing in for time passing (a closing date, say). */
  async setItemFields(PK: string, SK: string, fields: Record<string, unknown>): Promise<void> {
    const names = Object.fromEntries(Object.keys(fields).map((k, i) => [`#f${i}`, k]));
    const values = Object.fromEntries(Object.values(fields).map((v, i) => [`:v${i}`, v]));
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK, SK },
        UpdateExpression: `SET ${Object.keys(fields)
          .map((_, i) => `#f${i} = :v${i}`)
          .join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    // The functions keep petitions for a few seconds: a change made behind them must be seen now.
    const cleared = await this.call("DELETE", "/_local/caches");
    if (cleared.status !== 200) throw new Error(`clearing caches failed: ${cleared.text}`);
  }
}
