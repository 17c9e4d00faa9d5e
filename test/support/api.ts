/**
 * What an integration test needs to act as a person and to look underneath: HTTP through the
 * local engine, the mailbox, the stream drain, schedules, staff tokens and table snapshots.
 */
import { randomInt, randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { signStaffToken } from "../../infra/local/staff-token.ts";
import type { Role } from "../../infra/topology-types.ts";

export const baseUrl = () => inject("baseUrl");

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A fresh address for each simulated person, so abuse limits see different people. */
export const someIp = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

export async function call<T = unknown>(
  method: string,
  path: string,
  options: {
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    ip?: string;
    token?: string;
  } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "x-forwarded-for": options.ip ?? someIp(),
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${baseUrl()}${path}`, { method, headers, body, redirect: "manual" });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

export const get = <T = unknown>(path: string, options?: Parameters<typeof call>[2]) =>
  call<T>("GET", path, options);
export const post = <T = unknown>(path: string, body: unknown, options?: Parameters<typeof call>[2]) =>
  call<T>("POST", path, { ...options, body });

export async function drain(): Promise<void> {
  const answer = await get("/_local/drain");
  if (answer.status !== 200) throw new Error(`drain failed: ${answer.text}`);
}

export async function runSchedule(name: string): Promise<unknown> {
  const answer = await call<{ result: unknown }>("POST", `/_local/schedules/${name}`);
  if (answer.status !== 200) throw new Error(`schedule ${name} failed: ${answer.text}`);
  return answer.body.result;
}

export interface Mail {
  id: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  date: string;
}

export async function mailbox(): Promise<Mail[]> {
  return (await get<Mail[]>("/_local/mail.json")).body;
}

export async function mailTo(address: string, subject?: RegExp): Promise<Mail[]> {
  await drain();
  return (await mailbox()).filter((m) => m.to.includes(address) && (!subject || subject.test(m.subject)));
}

/** The one email this address got with this subject; fails when there is none or several. */
export async function onlyMail(address: string, subject: RegExp): Promise<Mail> {
  const found = await mailTo(address, subject);
  if (found.length !== 1)
    throw new Error(`expected one email to ${address} matching ${subject}, found ${found.length}`);
  return found[0] as Mail;
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

export const staffToken = (role: Role, sub = `staff-${randomUUID().slice(0, 8)}`) =>
  signStaffToken({ roles: [role], sub });

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

const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: inject("dynamoEndpoint"),
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  }),
);

/** Every item in the table, for before-and-after comparisons. */
export async function tableSnapshot(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: inject("tableName"), ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
}

export async function getItem(PK: string, SK: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: inject("tableName"), Key: { PK, SK }, ConsistentRead: true }),
  );
  return Item;
}

/** Sets fields on an item directly, standing in for time passing (a closing date, say). */
export async function setItemFields(PK: string, SK: string, fields: Record<string, unknown>): Promise<void> {
  const names = Object.fromEntries(Object.keys(fields).map((k, i) => [`#f${i}`, k]));
  const values = Object.fromEntries(Object.values(fields).map((v, i) => [`:v${i}`, v]));
  await documents.send(
    new UpdateCommand({
      TableName: inject("tableName"),
      Key: { PK, SK },
      UpdateExpression: `SET ${Object.keys(fields)
        .map((_, i) => `#f${i} = :v${i}`)
        .join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}
