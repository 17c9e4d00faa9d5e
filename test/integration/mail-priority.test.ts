/**
 * Confirmation emails before mass mail, within one account send rate: the budget counters in
 * DynamoDB Local (with a clock the test moves), then a mass-mail job held by a spent budget
 * while a new signer's confirmation email goes straight out; and the mail sender's count of its
 * sends, one write per batch.
 */
import { describe, expect, it } from "vitest";
import type { CallEntry } from "../../infra/local/call-log.ts";
import "../support/in-process.ts";
import {
  call,
  drain,
  get,
  mailbox,
  post,
  setItemFields,
  signer,
  staffToken,
  uniqueEmail,
} from "../support/api.ts";
import { openPetition, signAndConfirm } from "../support/flows.ts";

const { MassMailPacer, noteTransactionalSends, mailRateKey } = await import("../../shared/mail/rate.ts");

/** A clock that only moves when someone sleeps on it, far from any real second. */
function testClock(startSecond: number) {
  let ms = startSecond * 1000;
  const slept: number[] = [];
  return {
    now: () => new Date(ms),
    sleep: async (wait: number) => {
      slept.push(wait);
      ms += wait;
    },
    second: () => Math.floor(ms / 1000),
    slept,
  };
}

describe("the account send-rate budget", () => {
  it("gives mass mail the rate less the reserve, and less whatever confirmations took", async () => {
    const start = 4_000_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
    const clock = testClock(start);
    const pacer = new MassMailPacer({ accountRate: 10, reserve: 3 }, clock);

    // A quiet second: 7 mass sends, the 8th waits for the next second.
    for (let i = 0; i < 7; i++) await pacer.take();
    expect(clock.second()).toBe(start);
    await pacer.take();
    expect(clock.second()).toBe(start + 1);
    expect(pacer.waits).toBe(1);

    // Five confirmations in this second go at once and push mass mail out of it early.
    await noteTransactionalSends(clock.now(), 5);
    await pacer.take(); // used: 1 + 5 + 1 = 7, the ceiling
    expect(clock.second()).toBe(start + 1);
    await pacer.take();
    expect(clock.second()).toBe(start + 2);

    // The second before had 5 confirmations, more than the reserve: mass mail gets 10 - 5.
    for (let i = 0; i < 4; i++) await pacer.take();
    expect(clock.second()).toBe(start + 2);
    await pacer.take();
    expect(clock.second()).toBe(start + 3);

    // Confirmations that took the whole rate leave mass mail nothing in the second after.
    await noteTransactionalSends(clock.now(), 10);
    await pacer.take();
    expect(clock.second()).toBe(start + 5);
  });
});

describe("a mass mailing under way", () => {
  it("does not delay a new signer's confirmation email", async () => {
    const petition = await openPetition();
    await signAndConfirm(petition.id, 3, { notify: true });
    const second = await openPetition();

    // The account's budget is spent for the next seconds (as by a mailing at full rate).
    const now = Math.floor(Date.now() / 1000);
    const heldFor = 10;
    for (let s = now; s < now + heldFor; s++) {
      const key = mailRateKey(s);
      await setItemFields(key.PK, key.SK, { used: 1_000_000, tx: 0, expiresAt: s + 120 });
    }
    const token = await staffToken("moderator");
    const job = await call<{ job_id: string }>("PUT", `/admin/petitions/${petition.id}/debate`, {
      token,
      body: { scheduled_debate_date: "2099-01-31", email_signers: true },
    });
    expect(job.status).toBe(200);

    const email = uniqueEmail("eager");
    const signedAt = Date.now();
    expect((await post(`/petitions/${second.id}/signatures`, signer({ email }))).status).toBe(202);
    // Read the mailbox without draining: the held mailing keeps the stream busy.
    await expect
      .poll(
        async () =>
          (await mailbox()).some((m) => m.to.includes(email) && /confirm your email/i.test(m.subject)),
        {
          timeout: 3_000,
          interval: 50,
        },
      )
      .toBe(true);
    expect(Date.now() - signedAt).toBeLessThan(3_000);
    const during = await get<{ data: { state: string; sent: number } }>(`/admin/jobs/${job.body.job_id}`, {
      token,
    });
    expect(during.body.data).toMatchObject({ state: "running", sent: 0 });

    // Once the budget frees up, the mailing completes.
    await drain();
    const after = await get<{ data: { state: string; sent: number } }>(`/admin/jobs/${job.body.job_id}`, {
      token,
    });
    expect(after.body.data).toMatchObject({ state: "done", sent: 4 });
  });
});

describe("the mail sender's count of its sends against the account's rate", () => {
  it("is one write per batch, however many emails the batch holds", async () => {
    const { db } = await import("../../shared/db/client.ts");
    const { TransactWriteCommand } = await import("@aws-sdk/lib-dynamodb");
    const { outboxPut } = await import("../../shared/mail/outbox.ts");
    await drain();
    expect((await call("POST", "/_local/calls")).status).toBe(200);
    const emails = Array.from({ length: 8 }, () => uniqueEmail("batch"));
    await db.send(
      new TransactWriteCommand({
        TransactItems: emails.map((to, i) =>
          outboxPut(
            {
              template: "moderation_pending",
              to,
              data: { petition_id: 1, action: `Batch ${i}`, name: "Someone" },
            },
            new Date(),
          ),
        ),
      }),
    );
    await drain();
    const { calls } = (await get<{ calls: CallEntry[] }>("/_local/calls")).body;
    await call("DELETE", "/_local/calls");
    const sender = calls.filter((c) => c.fn === "SendMail" && !c.failed);
    const invocations = new Set(sender.map((c) => c.invocation)).size;
    const rateWrites = sender.filter((c) => c.writes.some((key) => key.startsWith("MAILRATE#"))).length;
    expect(invocations).toBeGreaterThan(0);
    expect(invocations).toBeLessThan(emails.length);
    expect(rateWrites).toBe(invocations);
    const mails = await mailbox();
    for (const to of emails)
      expect(
        mails.filter((m) => m.to.includes(to)),
        to,
      ).toHaveLength(1);
  });
});
