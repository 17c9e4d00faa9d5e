/**
 * The signing path's round trips, counted from the local engine's call log: signing takes at
 * most two DynamoDB calls (the rate windows, the conditional put) and confirming at most two
 * (one when the petition is in the instance's cache), whatever else the engine is doing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallEntry } from "../../infra/local/call-log.ts";
import {
  drain,
  linkIn,
  mailbox,
  pathOf,
  post,
  service,
  signer,
  someIp,
  uniqueEmail,
} from "../support/api.ts";
import { openPetition, type StartedPetition } from "../support/flows.ts";

let petition: StartedPetition;

/** Each invocation of `fn` that wrote one of this petition's signatures, with its calls. */
function invocationsOf(calls: CallEntry[], fn: string, petitionId: number): CallEntry[][] {
  const byInvocation = new Map<string, CallEntry[]>();
  // The block list is read once per instance per 30 s, not per request.
  const perRequest = calls.filter(
    (c) => c.fn === fn && !(c.command === "Query" && c.reads.includes("BLOCK")),
  );
  for (const entry of perRequest) {
    byInvocation.set(entry.invocation, [...(byInvocation.get(entry.invocation) ?? []), entry]);
  }
  const ours = (entries: CallEntry[]) =>
    entries.some((e) => e.writes.some((key) => key.startsWith(`SIGNATURE#${petitionId}#`)));
  return [...byInvocation.values()].filter(ours);
}

const signOnce = async (email: string) => {
  const answer = await post(`/petitions/${petition.id}/signatures`, signer({ email }), { ip: someIp() });
  expect(answer.status).toBe(202);
};

beforeAll(async () => {
  petition = await openPetition();
  // The first request of an instance reads the block list and the petition: not what is measured.
  await signOnce(uniqueEmail("warm"));
});

afterAll(async () => {
  await service.stopCalls();
});

describe("round trips on the signing path", () => {
  it("signs in two calls and confirms in at most two, counted by the engine", async () => {
    const emails = Array.from({ length: 4 }, (_, i) => uniqueEmail(`trips${i}`));
    await service.recordCalls();
    for (const email of emails) await signOnce(email);
    const signs = invocationsOf(await service.calls(), "SignPetition", petition.id);
    expect(signs).toHaveLength(emails.length);
    // The rate windows' update, then the signature (its own confirmation email) in one Put.
    for (const calls of signs) {
      expect(calls.map((c) => c.command).sort()).toEqual(["PutItem", "UpdateItem"]);
    }

    await drain();
    const mails = await mailbox();
    const links = emails.map((email) => {
      const mail = mails.find((m) => m.to.includes(email) && /confirm your email/i.test(m.subject));
      if (!mail) throw new Error(`no confirmation email to ${email}`);
      return pathOf(linkIn(mail, /\/verify\?token=/));
    });
    await service.recordCalls();
    for (const link of links) expect((await service.get(link)).status).toBe(200);
    // A second click changes nothing and costs no more.
    expect((await service.get(links[0] as string)).status).toBe(200);
    const verifies = (await service.calls()).filter((c) => c.fn === "VerifySignature");
    const perRequest = new Map<string, string[]>();
    for (const c of verifies)
      perRequest.set(c.invocation, [...(perRequest.get(c.invocation) ?? []), c.command]);
    expect(perRequest.size).toBe(links.length + 1);
    for (const commands of perRequest.values()) {
      expect(commands.length).toBeLessThanOrEqual(2);
      expect(commands.at(-1)).toBe("UpdateItem");
    }
    // The petition is read once at most (its cache may have expired while the emails went out).
    expect([...perRequest.values()].filter((commands) => commands.length === 2).length).toBeLessThanOrEqual(
      1,
    );
  });

  it("charges the signature's indexes as AWS would: each index once, when the signature is made; confirming it writes to none", async () => {
    const email = uniqueEmail("indexed");
    // What earlier tests wrote reaches the stream first, so it is not counted here.
    await drain();
    await service.recordCalls();
    await signOnce(email);
    await drain();
    const signatureIndexes = async () => {
      const { byIndex } = await service.indexWrites();
      return { signers: byIndex.signers, byEmail: byIndex.byEmail, byIp: byIndex.byIp };
    };
    const one = { puts: 1, deletes: 0, units: 1 };
    expect(await signatureIndexes()).toEqual({ signers: one, byEmail: one, byIp: one });
    // The confirmation, carried by the signature, is sent unclaimed: no outbox item is written at
    // all, and the signature takes one write, the mark (which changes nothing any index projects).
    const sender = (await service.calls()).filter((c) => c.fn === "SendMail" && !c.failed);
    expect(sender.filter((c) => c.writes.some((key) => key.startsWith("OUTBOX#")))).toEqual([]);
    const marks = sender.filter((c) => c.writes.some((key) => key.startsWith("SIGNATURE#")));
    expect(marks.map((c) => c.command)).toEqual(["UpdateItem"]);
    const mail = (await mailbox()).find((m) => m.to.includes(email) && /confirm your email/i.test(m.subject));
    if (!mail) throw new Error(`no confirmation email to ${email}`);
    expect((await service.get(pathOf(linkIn(mail, /\/verify\?token=/)))).status).toBe(200);
    await drain();
    // Confirming changes the state, which no index projects; nor are the counter's marks.
    expect(await signatureIndexes()).toEqual({ signers: one, byEmail: one, byIp: one });
  });

  it("refuses a forged link without a call", async () => {
    await service.recordCalls();
    const forged = `/signatures/${petition.id}-1-${"A".repeat(22)}/verify?token=MQ.p${"B".repeat(22)}.${"C".repeat(22)}`;
    expect((await service.get(forged)).status).toBe(404);
    expect((await service.calls()).filter((c) => c.fn === "VerifySignature")).toEqual([]);
  });
});
