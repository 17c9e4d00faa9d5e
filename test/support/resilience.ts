/**
 * The fault scenario: many signature attempts on one petition (distinct signers, duplicates
 * written differently, retries, a crowd behind one address, a blocked domain) while a share of
 * DynamoDB and SES calls fail, then every confirmation link clicked (some twice at once). It
 * returns what it found; the test asserts on it and the benchmark reports it.
 */

import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { settings } from "../../shared/config.ts";
import { canonicalEmail } from "../../shared/domain/email.ts";
import { inParallel } from "../../shared/pool.ts";
import { blockEmailDomain, openPetition } from "./journeys.ts";
import { type Answer, type LocalService, linkIn, pathOf, signer, someIp } from "./local-service.ts";

export interface ResilienceOptions {
  attempts: number;
  /** Share of DynamoDB and of SES calls that fail. */
  faultRate: number;
  seed: number;
  concurrency: number;
}

export interface ResilienceResult {
  attempts: number;
  signRequests: number;
  confirmRequests: number;
  injectedFaults: number;
  clientRetries: number;
  /** Validated signatures in the table, the creator and supporters included. */
  validatedInTable: number;
  published: number;
  /** The least and most the count can be by construction (one of the crowd per burst window it reached). */
  expectedRange: [number, number];
  breakdowns: { country: number; region: number; constituencyPlusUnplaced: number };
  /** Addresses whose emails differ from the messages their signatures were owed. */
  mailMismatches: string[];
  stuckOutbox: number;
  deadLetters: number;
  seconds: number;
}

/** The burst window the engine runs with (its default: the tests set none). */
const BURST_SECONDS = settings.RATE_BURST_SECONDS.parse(undefined);

export async function runResilienceScenario(
  service: LocalService,
  options: ResilienceOptions,
): Promise<ResilienceResult> {
  const started = Date.now();
  const petition = await openPetition(service);
  await service.drain();
  const blocked = `blocked-${randomUUID().slice(0, 8)}.example`;
  await blockEmailDomain(service, blocked);

  // Who tries to sign.
  type Attempt = { body: Record<string, unknown>; ip: string };
  const n = options.attempts;
  const distinct = Math.floor(n * 0.7);
  const people: Attempt[] = Array.from({ length: distinct }, (_, i) => ({
    body: signer({
      name: `Person ${i}`,
      email:
        i % 4 === 0
          ? `person.${i}.${randomUUID().slice(0, 6)}@gmail.com`
          : `p${i}.${randomUUID().slice(0, 8)}@example.com`,
      ...(i % 20 === 0
        ? { location: "FR", postcode: "" }
        : { postcode: ["SW1A 1AA", "M1 1AE", "EH1 1YZ", "BT1 1AA"][i % 4] }),
    }),
    ip: someIp(),
  }));
  const attempts: Attempt[] = [...people];
  for (let i = 0; attempts.length < distinct + Math.floor(n * 0.1); i++) {
    const person = people[(i * 7) % distinct] as Attempt;
    const [local, domain] = String(person.body.email).split("@") as [string, string];
    const variant =
      domain === "gmail.com"
        ? `${local.replace(/\./g, "").toUpperCase()}+again@googlemail.com`
        : `${local.toUpperCase()}+again@${domain}`;
    attempts.push({ body: { ...person.body, email: variant }, ip: someIp() });
  }
  for (let i = 0; attempts.length < distinct + Math.floor(n * 0.2); i++)
    attempts.push(people[(i * 13) % distinct] as Attempt);
  const crowdIp = someIp();
  for (let i = 0; attempts.length < distinct + Math.floor(n * 0.25); i++) {
    attempts.push({
      body: signer({ name: `Crowd ${i}`, email: `crowd${i}.${randomUUID().slice(0, 6)}@example.org` }),
      ip: crowdIp,
    });
  }
  while (attempts.length < n)
    attempts.push({ body: signer({ email: `x${attempts.length}@mail.${blocked}` }), ip: someIp() });
  // Interleave, so duplicates and retries race with their originals.
  const order = attempts
    .map((a, i) => ({ a, k: (i * 7919) % attempts.length }))
    .sort((x, y) => x.k - y.k)
    .map((x) => x.a);

  let clientRetries = 0;
  /** A person presses again when the service fails them. */
  const persist = async <T>(request: () => Promise<Answer<T>>): Promise<Answer<T>> => {
    for (let attempt = 0; ; attempt++) {
      const answer = await request().catch(() => null);
      if (answer && answer.status < 500) return answer;
      if (attempt >= 8)
        throw new Error(`the service kept failing: ${answer?.status} ${answer?.text.slice(0, 200)}`);
      clientRetries += 1;
      await sleep(20 * (attempt + 1));
    }
  };

  const rate = options.faultRate;
  await service.faults(
    [
      { client: "dynamodb", rate: rate * 0.4, error: "throttle" },
      { client: "dynamodb", rate: rate * 0.3, error: "server" },
      // The write lands and the reply is lost: the case that tests idempotency hardest.
      { client: "dynamodb", rate: rate * 0.3, error: "timeout", phase: "after" },
      { client: "ses", rate: rate * 0.6, error: "throttle" },
      { client: "ses", rate: rate * 0.4, error: "server" },
    ],
    options.seed,
  );
  // The crowd's address may sign once per burst window (RATE_BURST 1 per RATE_BURST_SECONDS,
  // windows fixed on the clock): every window a crowd request reached may admit one of them.
  const crowdWindows = new Set<number>();
  try {
    await inParallel(
      order.map(
        (a) => () =>
          persist(() => {
            if (a.ip === crowdIp) crowdWindows.add(Math.floor(Date.now() / 1000 / BURST_SECONDS));
            return service.post(`/petitions/${petition.id}/signatures`, a.body, { ip: a.ip });
          }),
      ),
      options.concurrency,
    );
    await service.drain();
    const mails = await service.mailbox();
    const addresses = new Set(order.map((a) => String(a.body.email)));
    const links = mails
      .filter((m) => m.to.some((t) => addresses.has(t)) && /confirm your email/i.test(m.subject))
      .map((m) => linkIn(m, /\/verify\?token=/));
    const clicks = links.flatMap((link, i) => {
      const click = () => persist(() => service.get(pathOf(link)));
      return i % 10 === 0 ? [click, click] : [click];
    });
    await inParallel(clicks, options.concurrency);
    await service.drain();
    const injected = (await service.get<{ injected: number }>("/_local/faults")).body.injected;
    await service.clearFaults();
    await service.drain();

    const items = await service.tableSnapshot();
    const signatures = items.filter((i) => i.entity === "SIGNATURE" && i.petition_id === petition.id);
    const validatedInTable = signatures.filter((s) => s.state === "validated").length;
    // The counts item: what every reader shows (the document's snapshot lags it by up to a minute).
    const petitionItem = items.find(
      (i) => i.PK === `PETITION#${petition.id}` && i.SK === "PETITION#COUNTS",
    ) as Record<string, unknown>;
    const sum = (map: unknown) =>
      Object.values((map ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
    const unplaced = signatures.filter((s) => s.state === "validated" && !s.constituency).length;
    const overseas = signatures.filter((s) => s.state === "validated" && s.location !== "GB").length;

    // Every message the signatures were owed (one per email_count) reached the mailbox once.
    // A repeat is mailed to the address as typed that time, so addresses are compared as the
    // service compares them: canonically.
    const owed = new Map<string, number>();
    for (const s of signatures) {
      const key = canonicalEmail(String(s.email));
      owed.set(key, (owed.get(key) ?? 0) + Number(s.email_count));
    }
    const finalMails = await service.mailbox();
    const received = new Map<string, number>();
    for (const m of finalMails) {
      if (!/confirm your email|Sign to support|Duplicate signature/i.test(m.subject)) continue;
      for (const to of m.to) received.set(canonicalEmail(to), (received.get(canonicalEmail(to)) ?? 0) + 1);
    }
    const mailMismatches = [...owed]
      .filter(([email, count]) => received.get(email) !== count)
      .map(([email]) => email);
    // This run's messages only: the engine's table also holds other tests' (some left unsent on purpose).
    const stuckOutbox = items.filter(
      (i) =>
        i.petition_id === petition.id &&
        ((i.entity === "OUTBOX" && !i.sent_at && !i.withheld_at) ||
          (i.entity === "SIGNATURE" && i.mail_token)),
    ).length;
    const deadLetters = ((await service.get<unknown[]>("/_local/dead-letters")).body ?? []).length;
    const base = 6 + distinct;
    return {
      attempts: n,
      signRequests: order.length,
      confirmRequests: clicks.length,
      injectedFaults: injected,
      clientRetries,
      validatedInTable,
      published: Number(petitionItem.signature_count),
      expectedRange: [base, base + crowdWindows.size],
      breakdowns: {
        country: sum(petitionItem.by_country),
        region: sum(petitionItem.by_region) + overseas,
        constituencyPlusUnplaced: sum(petitionItem.by_constituency) + unplaced,
      },
      mailMismatches,
      stuckOutbox,
      deadLetters,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await service.clearFaults();
  }
}
