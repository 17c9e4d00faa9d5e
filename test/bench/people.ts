/**
 * Acting as people against a running local engine, for benches (no vitest): HTTP calls from a
 * per-person loopback address, a mailbox watcher that reads the local SES store in batches and hands
 * each waiting person their email, and the journey that takes a petition to open.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { signStaffToken } from "../../infra/local/staff-token.ts";
import { fetchFrom } from "../support/from-address.ts";
import { sleep } from "./figures.ts";

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export class Http {
  /** `localhost` may try ::1 first; the engine listens on 127.0.0.1. */
  readonly base: string;

  /** The engine's own URL (its staff token issuer is under it). */
  constructor(readonly url: string) {
    this.base = url.replace("//localhost:", "//127.0.0.1:");
  }

  async call<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; ip?: string; token?: string; accept?: string } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: options.accept ?? "application/json" };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const response = await fetchFrom(options.ip, `${this.base}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get("content-type")?.includes("json")) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, body: parsed as T, text };
  }

  /** Fails loudly unless the answer has the expected status. */
  async expect<T = unknown>(
    status: number,
    method: string,
    path: string,
    options?: Parameters<Http["call"]>[2],
  ): Promise<Answer<T>> {
    const answer = await this.call<T>(method, path, options);
    if (answer.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${answer.status}: ${answer.text.slice(0, 300)}`,
      );
    }
    return answer;
  }
}

/** A path on the engine from an absolute link in an email. */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

interface StoredEmail {
  messageId?: string;
  destination?: { to?: string[] };
  subject?: string;
  body?: { text?: string };
  at: number;
}

interface Waiter {
  address: string;
  subject: RegExp;
  resolve(mail: Mail): void;
  reject(error: Error): void;
  deadline: number;
}

/**
 * Reads the local SES store (only what arrived since the last read, by the store's `since`)
 * while anyone is waiting, every `intervalMs`, and resolves each waiter with the first unclaimed
 * email to their address whose subject matches.
 */
export class MailWatcher {
  private readonly seen = new Set<string>();
  private readonly unclaimed = new Map<string, Mail[]>();
  private waiters: Waiter[] = [];
  private since = 0;
  private loop: Promise<void> | null = null;
  reads = 0;

  constructor(
    private readonly sesEndpoint: string,
    private readonly intervalMs = 25,
    private readonly timeoutMs = 30_000,
  ) {}

  waitFor(address: string, subject: RegExp): Promise<Mail> {
    const mail = this.claim(address.toLowerCase(), subject);
    if (mail) return Promise.resolve(mail);
    return new Promise((resolveMail, reject) => {
      this.waiters.push({
        address: address.toLowerCase(),
        subject,
        resolve: resolveMail,
        reject,
        deadline: Date.now() + this.timeoutMs,
      });
      this.loop ??= this.poll().finally(() => {
        this.loop = null;
      });
    });
  }

  private claim(address: string, subject: RegExp): Mail | undefined {
    const box = this.unclaimed.get(address);
    const index = box?.findIndex((m) => subject.test(m.subject)) ?? -1;
    if (!box || index < 0) return undefined;
    const [mail] = box.splice(index, 1);
    return mail;
  }

  private async read(): Promise<void> {
    const response = await fetch(`${this.sesEndpoint}/store?since=${this.since}`);
    const store = (await response.json()) as { emails: StoredEmail[] };
    this.reads += 1;
    for (const [index, email] of store.emails.entries()) {
      const id = email.messageId ?? `${email.at}#${index}#${email.subject}`;
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      // Emails of the current second may still arrive: read from it again next time.
      this.since = Math.max(this.since, email.at);
      const mail = {
        to: email.destination?.to ?? [],
        subject: email.subject ?? "",
        text: email.body?.text ?? "",
      };
      for (const to of mail.to) {
        const key = to.toLowerCase();
        this.unclaimed.set(key, [...(this.unclaimed.get(key) ?? []), mail]);
      }
    }
  }

  private async poll(): Promise<void> {
    while (this.waiters.length > 0) {
      await this.read();
      const waiting: Waiter[] = [];
      for (const waiter of this.waiters) {
        const mail = this.claim(waiter.address, waiter.subject);
        if (mail) waiter.resolve(mail);
        else if (Date.now() > waiter.deadline)
          waiter.reject(new Error(`no email to ${waiter.address} matching ${waiter.subject} in time`));
        else waiting.push(waiter);
      }
      this.waiters = waiting;
      if (this.waiters.length > 0) await sleep(this.intervalMs);
    }
  }
}

export function linkIn(mail: Mail, pattern: RegExp): string {
  const link = (mail.text.match(/https?:\/\/\S+/g) ?? []).find((l) => pattern.test(l));
  if (!link) throw new Error(`no link matching ${pattern} in "${mail.subject}"`);
  return link;
}

/** Real postcodes, one per constituency, from the e-petitions example list in the UK data. */
export function examplePostcodes(dataDir: string): string[] {
  const text = readFileSync(resolve(dataDir, "epetitions_example_postcodes.yml"), "utf8");
  const codes = [...text.matchAll(/^\s*[A-Z]\d{8}:\s*([A-Z0-9]+)\s*$/gm)].map((m) => m[1] as string);
  return codes.length > 0 ? codes : ["SW1A 1AA"];
}

/** A distinct IPv4 address for person number n (n < 16 million). */
export const ipFor = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export interface Person {
  name: string;
  email: string;
  postcode: string;
  location: string;
  uk_citizenship: true;
}

export function person(n: number, run: string, postcodes: readonly string[]): Person {
  return {
    name: `Signer ${n}`,
    email: `signer${n}.${run}@mail${n % 10}.example.com`,
    postcode: postcodes[n % postcodes.length] ?? "SW1A 1AA",
    location: "GB",
    uk_citizenship: true,
  };
}

/** Signer `n` signs from their own address; fails unless the service answers 202. */
export const sign = (http: Http, petitionId: number, n: number, who: Person) =>
  http.expect(202, "POST", `/petitions/${petitionId}/signatures`, { ip: ipFor(n), body: who });

/** Follows the confirmation link of a signer's email as a browser does; fails unless 200. */
export const confirmSignature = (http: Http, verifyLink: string) =>
  http.expect(200, "GET", pathOf(verifyLink), { accept: "text/html" });

/** The confirmation link in a signer's email. */
export const verifyLinkIn = (mail: Mail) => linkIn(mail, /\/verify\?token=/);

/**
 * A petition taken to open through the real journey: created, the creator confirmed from the
 * mailbox, five supporters confirmed, then published by a moderator.
 */
export async function openPetition(
  http: Http,
  mail: MailWatcher,
  run: string,
  postcodes: readonly string[],
  drain: () => Promise<void>,
  nextIp: () => string,
  supporters = 5,
): Promise<number> {
  const creator = {
    ...person(0, run, postcodes),
    name: "Chris Creator",
    email: `creator.${run}@example.com`,
  };
  const created = await http.expect<{ id: number }>(202, "POST", "/petitions", {
    ip: nextIp(),
    body: {
      action: `Benchmark petition ${run}`,
      background: "A petition opened by the benchmark to measure the signing path.",
      additional_details: "It is signed by generated people at generated addresses.",
      ...creator,
    },
  });
  const id = created.body.id;
  const confirm = await mail.waitFor(creator.email, /Confirm your email address/);
  await http.expect(200, "GET", pathOf(linkIn(confirm, /\/verify\?token=/)));
  const gather = await mail.waitFor(creator.email, /Get supporters/);
  const token = new URL(linkIn(gather, /\/sponsors\/new\?token=/)).searchParams.get("token") ?? "";
  const emails: string[] = [];
  for (let i = 1; i <= supporters; i++) {
    const supporter = { ...person(i, run, postcodes), email: `supporter${i}.${run}@example.com` };
    await http.expect(202, "POST", `/petitions/${id}/sponsors?token=${encodeURIComponent(token)}`, {
      ip: nextIp(),
      body: supporter,
    });
    emails.push(supporter.email);
  }
  for (const email of emails) {
    const support = await mail.waitFor(email, /Sign to support/);
    await http.expect(200, "GET", pathOf(linkIn(support, /\/verify\?token=/)));
  }
  await drain();
  const staff = await signStaffToken(http.url, { roles: ["moderator"], sub: "bench-moderator" });
  await http.expect(200, "POST", `/admin/petitions/${id}/moderation`, {
    token: staff,
    body: { decision: "publish" },
  });
  await drain();
  return id;
}
