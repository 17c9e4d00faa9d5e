/**
 * Failure paths that lose nothing, through the local engine: a counter batch that fails after
 * its retries is applied from its on-failure message (or, when that fails too, recounted by the
 * reconciliation job once its petition is quiet), and an outbox message the stream consumer did not send is sent by the
 * sweeper exactly once, also while the consumer is still retrying it.
 */
import "../support/in-process.ts";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { outboxPut } from "../../shared/mail/outbox.ts";
import { keyOfSignatureId } from "../../shared/signatures/model.ts";
import {
  call,
  drain,
  get,
  getItem,
  linkIn,
  mailbox,
  post,
  runSchedule,
  service,
  setItemFields,
  signer,
  uniqueEmail,
} from "../support/api.ts";
import { driftCounts, openPetition, quieten } from "../support/flows.ts";
import { TEST_SETTINGS } from "../support/global-setup.ts";

const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: inject("dynamoEndpoint"),
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  }),
);
const table = inject("tableName");

afterEach(() => service.clearFaults());
// The records parked here on purpose must not look like failures to the files that run next.
afterAll(async () => {
  expect((await call("DELETE", "/_local/dead-letters")).status).toBe(200);
  expect((await get<unknown[]>("/_local/dead-letters")).body).toEqual([]);
});

/** Waits for the stream and every on-failure delivery, however long the retries take. */
async function drainLong(): Promise<void> {
  const answer = await get("/_local/drain?seconds=300");
  expect(answer.status, answer.text).toBe(200);
}

const countOf = async (petitionId: number) =>
  (await get<{ signature_count: number }>(`/petitions/${petitionId}/count.json`)).body.signature_count;

/** Signers who have signed but not confirmed: their verify paths and signature keys. */
async function pendingSigners(petitionId: number, n: number) {
  const people = Array.from({ length: n }, () => signer());
  for (const person of people) {
    expect((await post(`/petitions/${petitionId}/signatures`, person)).status).toBe(202);
  }
  await drain();
  const mails = await mailbox();
  return people.map((person) => {
    const mail = mails.find((m) => m.to.includes(String(person.email)));
    if (!mail) throw new Error("no confirmation email");
    const link = new URL(linkIn(mail, /verify/));
    const key = keyOfSignatureId(link.pathname.split("/")[2] as string);
    if (!key) throw new Error("no signature id");
    return { verify: `${link.pathname}${link.search}`, key };
  });
}

interface Parked {
  function: string;
  keys: { PK?: { S?: string } };
  onFailure?: { DDBStreamBatchInfo: { shardId: string; startSequenceNumber: string; batchSize: number } };
}

const parkedFor = async (pk: string) =>
  (await get<Parked[]>("/_local/dead-letters")).body.filter(
    (p) => p.function === "CountSignatures" && p.keys.PK?.S === pk,
  );

async function auditEntries(petitionId: number) {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :audit)",
      ExpressionAttributeValues: { ":pk": `PETITION#${petitionId}`, ":audit": "AUDIT#" },
    }),
  );
  return Items;
}

/**
 * Every TransactWriteItems fails: the counter's writes do not go through, while a member of the
 * public's confirmation (one conditional UpdateItem) does.
 */
const failCounterWrites = () =>
  service.faults([{ client: "dynamodb", commands: ["TransactWriteItemsCommand"], error: "server" }]);

/** Each of the next `times` counting transactions lands, then its reply is lost (`skip` let through first). */
const loseCountReplies = (skip: number, times: number) =>
  service.faults([
    {
      client: "dynamodb",
      commands: ["TransactWriteItemsCommand"],
      phase: "after",
      skip,
      times,
      error: "server",
    },
  ]);
const injected = async () => (await get<{ injected: number }>("/_local/faults")).body.injected;

describe("a reply lost after a counting write committed", () => {
  // The confirmation (one UpdateItem) goes through; every attempt of the stage's transaction
  // commits and loses its reply (the first stage's: cursor and delta; the merge's after the first
  // stage's went through), so Lambda retries the batch.
  it.each([
    ["first", 0],
    ["second", 1],
  ])("in the counter's %s stage counts the signature once", async (_, skip) => {
    const petition = await openPetition();
    const [one] = await pendingSigners(petition.id, 1);
    if (!one) throw new Error("a signer");
    const before = await countOf(petition.id);

    await loseCountReplies(skip, 4);
    expect((await get(one.verify)).status).toBe(200);
    await drainLong();
    expect(await injected()).toBe(4);
    await service.clearFaults();

    expect(await countOf(petition.id)).toBe(before + 1);
  });

  it("in a recount applies the correction once", async () => {
    const petition = await openPetition();
    const [one] = await pendingSigners(petition.id, 1);
    if (!one) throw new Error("a signer");
    expect((await get(one.verify)).status).toBe(200);
    await drain();
    const exact = await countOf(petition.id);
    // Drift: the counts item is one short of the signatures, and its petition is marked for recount.
    const { SK: mark } = await driftCounts(petition.id, exact - 1);
    await quieten(petition.id);

    await loseCountReplies(0, 4);
    for (let run = 0; run < 50 && (await injected()) < 4; run++) {
      await runSchedule("ReconcileCounts").catch(() => undefined);
    }
    expect(await injected()).toBe(4);
    await service.clearFaults();
    await drain();
    // The correction committed once and was merged; the mark stays, so a later run recounts again.
    expect(await countOf(petition.id)).toBe(exact);
    await quieten(petition.id);
    for (let run = 0; run < 50 && (await getItem("RECOUNT", mark)); run++)
      await runSchedule("ReconcileCounts");
    await drain();
    expect(await countOf(petition.id)).toBe(exact);
    expect(await getItem("RECOUNT", mark)).toBeUndefined();
    const audits = await auditEntries(petition.id);
    expect(audits).toEqual([expect.objectContaining({ cause: "test drift", signatures: 1 })]);
  });
});

describe("a counter batch that fails after its retries", () => {
  it("is applied from its on-failure message and ends with the exact count", async () => {
    const petition = await openPetition();
    const [first, second, third] = await pendingSigners(petition.id, 3);
    if (!first || !second || !third) throw new Error("three signers");
    const before = await countOf(petition.id);

    expect((await get(first.verify)).status).toBe(200);
    await drain();
    expect(await countOf(petition.id)).toBe(before + 1);

    await failCounterWrites();
    expect((await get(second.verify)).status).toBe(200);
    // The counter retries, gives up, and its on-failure message names the record's shard and range.
    await expect.poll(() => parkedFor(second.key.PK), { timeout: 90_000, interval: 250 }).toHaveLength(1);
    await service.clearFaults();
    const [parked] = await parkedFor(second.key.PK);
    expect(parked?.onFailure?.DDBStreamBatchInfo).toMatchObject({
      shardId: expect.any(String),
      startSequenceNumber: expect.stringMatching(/^\d+$/),
      batchSize: 1,
    });

    expect((await get(third.verify)).status).toBe(200);
    await drainLong();
    expect(await countOf(petition.id)).toBe(before + 3);
    // The failed range applied once, audited (the third may be counted before or after it).
    const audits = await auditEntries(petition.id);
    expect(audits).toEqual([
      expect.objectContaining({
        entity: "COUNT_AUDIT",
        petition_id: petition.id,
        signatures: 1,
        cause: "counter batch failed",
      }),
    ]);
    expect(Number(audits[0]?.new_count) - Number(audits[0]?.old_count)).toBe(1);
    // Nothing is left marked, and the reconciliation finds nothing more to add.
    expect(await getItem("RECOUNT", `PETITION#${String(petition.id).padStart(12, "0")}`)).toBeUndefined();
    await runSchedule("ReconcileCounts");
    expect(await countOf(petition.id)).toBe(before + 3);
  });

  it("is recounted by the reconciliation job, once the petition is quiet, when applying it failed too", async () => {
    const petition = await openPetition();
    const [signature] = await pendingSigners(petition.id, 1);
    if (!signature) throw new Error("one signer");
    const before = await countOf(petition.id);

    await failCounterWrites();
    expect((await get(signature.verify)).status).toBe(200);
    // The counter gives up, then applying the range gives up after its receives: only the mark is left.
    await drainLong();
    await service.clearFaults();
    expect(await parkedFor(signature.key.PK)).toHaveLength(1);
    expect(await countOf(petition.id)).toBe(before);
    const markKey = `PETITION#${String(petition.id).padStart(12, "0")}`;
    expect(await getItem("RECOUNT", markKey)).toMatchObject({ cause: "counter batch failed" });

    // While the petition has just been signed, a recount cannot tell drift from a change still in
    // the stream: the mark waits.
    const waiting = (await runSchedule("ReconcileCounts")) as { waiting: number[]; marked: number[] };
    if (waiting.marked.includes(petition.id)) expect(waiting.waiting).toContain(petition.id);
    expect(await getItem("RECOUNT", markKey)).toBeDefined();

    await quieten(petition.id);
    const corrected: { petitionId: number; signatures: number }[] = [];
    for (let run = 0; run < 50 && (await getItem("RECOUNT", markKey)); run++) {
      const result = (await runSchedule("ReconcileCounts")) as { corrected: typeof corrected };
      corrected.push(...result.corrected);
    }
    expect(corrected).toContainEqual(expect.objectContaining({ petitionId: petition.id, signatures: 1 }));
    await drain();
    expect(await countOf(petition.id)).toBe(before + 1);
    expect(await getItem("RECOUNT", markKey)).toBeUndefined();

    // Run again: the count stays exact.
    await runSchedule("ReconcileCounts");
    expect(await countOf(petition.id)).toBe(before + 1);
  });
});

const mailsTo = async (email: string) => (await mailbox()).filter((m) => m.to.includes(email));

async function outboxOf(email: string) {
  const items = await service.tableSnapshot();
  const found = items.filter((item) => item.entity === "OUTBOX" && item.to === email);
  expect(found).toHaveLength(1);
  return found[0] as { PK: string; SK: string; id: string; duePK?: string; dueSK?: string };
}

/** The one signature an address made, once written. */
async function signatureOf(email: string) {
  await expect
    .poll(async () =>
      (await service.tableSnapshot()).some((i) => i.entity === "SIGNATURE" && i.email === email),
    )
    .toBe(true);
  const found = (await service.tableSnapshot()).filter((i) => i.entity === "SIGNATURE" && i.email === email);
  expect(found).toHaveLength(1);
  return found[0] as { PK: string; SK: string; id: string; mail_token?: string };
}

/** Stands in for time passing: the message was written long enough ago to be swept. */
const ageMessage = (message: { PK: string; SK: string; id: string }) =>
  setItemFields(message.PK, message.SK, { dueSK: `2000-01-01T00:00:00.000Z#${message.id}` });

describe("an outbox message the stream consumer did not send", () => {
  it("joins the sweeper's queue once the consumer gives up, and is sent by the sweeper once", async () => {
    const petition = await openPetition();
    // The publication's emails go first: only the signer's message meets the failing sends.
    await drain();
    const person = signer();
    await service.faults([{ client: "ses", commands: ["SendEmailCommand"] }]);
    expect((await post(`/petitions/${petition.id}/signatures`, person)).status).toBe(202);
    await drainLong(); // the consumer tries, gives up; its on-failure record queues the message
    await service.clearFaults();
    const email = String(person.email);
    expect(await mailsTo(email)).toHaveLength(0);
    const message = await outboxOf(email);
    expect(message.duePK).toBe("OUTBOX");
    await ageMessage(message);

    const swept = (await runSchedule("SweepOutbox")) as { sent: number };
    expect(swept.sent).toBeGreaterThanOrEqual(1);
    expect(await mailsTo(email)).toHaveLength(1);
    const after = await getItem(message.PK, message.SK);
    expect(after?.sent_at).toEqual(expect.any(String));
    expect(after?.duePK).toBeUndefined();

    await runSchedule("SweepOutbox");
    await drain();
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it("stays with its signature, out of the sweeper's queue, while the consumer is still retrying it, and is sent once", async () => {
    const petition = await openPetition();
    const person = signer();
    const email = String(person.email);
    await service.faults([{ client: "ses", commands: ["SendEmailCommand"] }]);
    expect((await post(`/petitions/${petition.id}/signatures`, person)).status).toBe(202);
    // The public's first signature carries its own email: no outbox item while the consumer tries.
    const signature = await signatureOf(email);
    expect(signature.mail_token).toEqual(expect.any(String));
    await Promise.all([runSchedule("SweepOutbox"), runSchedule("SweepOutbox")]);
    expect((await service.tableSnapshot()).some((i) => i.entity === "OUTBOX" && i.to === email)).toBe(false);
    await service.clearFaults();
    await drainLong();
    // The consumer's retries sent it, or it gave up and the email joined the sweeper's queue.
    const queued = (await service.tableSnapshot()).find((i) => i.entity === "OUTBOX" && i.to === email);
    if (queued) {
      await ageMessage(queued as { PK: string; SK: string; id: string });
      await runSchedule("SweepOutbox");
    }
    await runSchedule("SweepOutbox");
    expect(await mailsTo(email)).toHaveLength(1);
    expect((await getItem(signature.PK, signature.SK))?.mail_token).toBeUndefined();
  });

  it("is counted against its address's daily cap once, however often its send is retried or its count's reply is lost", async () => {
    const counted = async (signature: { PK: string }) => {
      const item = await getItem(`MAILCAP#all#${signature.PK.split("#")[2]}`, "DAYS");
      // Every email adds one to the counter of its day and of the next.
      return Math.max(
        0,
        ...Object.entries(item ?? {})
          .filter(([name]) => /^d\d{8}$/.test(name))
          .map(([, value]) => Number(value)),
      );
    };
    // SES refuses the first two attempts; the third is sent.
    const refused = signer();
    const opened = await openPetition();
    await service.faults([{ client: "ses", commands: ["SendEmailCommand"], times: 2 }]);
    expect((await post(`/petitions/${opened.id}/signatures`, refused)).status).toBe(202);
    const first = await signatureOf(String(refused.email));
    await drain();
    await service.clearFaults();
    expect(await mailsTo(String(refused.email))).toHaveLength(1);
    expect(await counted(first)).toBe(1);
    // The count lands and its reply is lost: the SDK sends it again, and it is refused as a retry.
    const lost = signer();
    const petition = await openPetition();
    await service.recordCalls();
    await service.faults([
      {
        client: "dynamodb",
        commands: ["UpdateItemCommand"],
        naming: "MAILCAP#all#",
        phase: "after",
        times: 1,
      },
    ]);
    expect((await post(`/petitions/${petition.id}/signatures`, lost)).status).toBe(202);
    const second = await signatureOf(String(lost.email));
    await drain();
    expect((await get<{ injected: number }>("/_local/faults")).body.injected).toBe(1);
    await service.clearFaults();
    const capKey = `MAILCAP#all#${second.PK.split("#")[2]}|DAYS`;
    const sender = (await service.calls()).filter((c) => c.fn === "SendMail");
    await service.stopCalls();
    // The count was refused as a retry, which only then reads the counter.
    expect(sender.filter((c) => c.command === "UpdateItem" && c.writes.includes(capKey))).toEqual([
      expect.objectContaining({ failed: true }),
    ]);
    expect(sender.some((c) => c.command === "GetItem" && c.reads.includes(capKey))).toBe(true);
    expect(await mailsTo(String(lost.email))).toHaveLength(1);
    expect(await counted(second)).toBe(1);
    expect((await getItem(second.PK, second.SK))?.mail_token).toBeUndefined();
  });

  it("is sent once when the consumer and two sweeps reach a queued message at the same moment", async () => {
    const written = new Date(Date.now() - 3_600_000);
    const emails = Array.from({ length: 12 }, () => uniqueEmail("race"));
    // Written straight into the table an hour ago and already queued: the consumer sees the
    // inserts now, as the sweepers do, and each claims before it sends.
    await Promise.all(
      emails.map((to, i) => {
        const { Item, ...put } = outboxPut(
          {
            template: "moderation_pending",
            to,
            data: { petition_id: 1, action: `Race ${i}`, name: "Someone" },
          },
          written,
          table,
        ).Put;
        const queued = { ...Item, duePK: "OUTBOX", dueSK: `${written.toISOString()}#${Item.id}` };
        return documents.send(new PutCommand({ ...put, Item: queued }));
      }),
    );
    await Promise.all([runSchedule("SweepOutbox"), runSchedule("SweepOutbox")]);
    await drain();
    await runSchedule("SweepOutbox");
    for (const to of emails) expect(await mailsTo(to), to).toHaveLength(1);
  });
});

describe("a failed mail batch whose records the stream no longer has", () => {
  it("finds the batch's unsent emails in the table and queues them for the sweeper, once", async () => {
    const { requeueFailedBatch } = await import("../../shared/mail/requeue.ts");
    const petition = await openPetition();
    const person = signer();
    await service.faults([{ client: "ses", commands: ["SendEmailCommand"] }]);
    expect((await post(`/petitions/${petition.id}/signatures`, person)).status).toBe(202);
    const email = String(person.email);
    const signature = await signatureOf(email);
    const { Table } = await documents.send(new DescribeTableCommand({ TableName: table }));
    const arrived = new Date().toISOString();
    const gone = {
      requestContext: { condition: "RetryAttemptsExhausted" },
      DDBStreamBatchInfo: {
        // A shard the stream does not have (any more): its records cannot be read back.
        shardId: "shardId-00000000000000000000-00000000",
        startSequenceNumber: "100000000000000000100",
        endSequenceNumber: "100000000000000000200",
        batchSize: 1,
        streamArn: Table?.LatestStreamArn as string,
        approximateArrivalOfFirstRecord: arrived,
        approximateArrivalOfLastRecord: arrived,
      },
    };
    const requeueing = { PUBLIC_URL: inject("baseUrl"), caps: { perAddress: 10, perPetition: 5 } };
    const outcome = await requeueFailedBatch(gone, requeueing);
    expect(outcome.readable).toBe(false);
    expect(outcome.queued).toBeGreaterThanOrEqual(1);
    // The signature's email is now an outbox message in the sweeper's queue; the token left the signature.
    expect((await getItem(signature.PK, signature.SK))?.mail_token).toBeUndefined();
    const message = await outboxOf(email);
    expect(message.duePK).toBe("OUTBOX");

    await service.clearFaults();
    await drainLong();
    await ageMessage(message);
    await runSchedule("SweepOutbox");
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    // Its link confirms the signature, as the consumer's email would have.
    const link = mails[0]?.text.match(/https?:\/\/\S+\/verify\?token=[A-Za-z0-9._-]+/)?.[0];
    expect(link).toContain(`/signatures/${signature.id}/verify`);
    // The same repair again: settled, so nothing is queued or sent twice.
    const again = await requeueFailedBatch(gone, requeueing);
    expect(again.readable).toBe(false);
    expect((await getItem(message.PK, message.SK))?.duePK).toBeUndefined();
    await runSchedule("SweepOutbox");
    await drain();
    expect(await mailsTo(email)).toHaveLength(1);
  });
});

describe("a failed counter batch whose records the stream no longer has", () => {
  it("marks every petition that can gain signatures for the reconciliation job", async () => {
    const { recoverBatch } = await import("../../shared/signatures/recover-batch.ts");
    const petition = await openPetition();
    const { Table } = await documents.send(new DescribeTableCommand({ TableName: table }));
    const outcome = await recoverBatch(
      {
        requestContext: { condition: "RetryAttemptsExhausted" },
        DDBStreamBatchInfo: {
          // A shard the stream does not have (any more): its records cannot be read back.
          shardId: "shardId-00000000000000000000-00000000",
          startSequenceNumber: "100000000000000000100",
          endSequenceNumber: "100000000000000000200",
          batchSize: 2,
          streamArn: Table?.LatestStreamArn as string,
        },
      },
      {
        SIGNER_INDEX_SHARDS: 10,
        THRESHOLD_FOR_MODERATION: Number(TEST_SETTINGS.THRESHOLD_FOR_MODERATION),
        THRESHOLD_FOR_RESPONSE: Number(TEST_SETTINGS.THRESHOLD_FOR_RESPONSE),
        THRESHOLD_FOR_DEBATE: Number(TEST_SETTINGS.THRESHOLD_FOR_DEBATE),
      },
    );
    expect(outcome.readable).toBe(false);
    expect(outcome.petitions).toContain(petition.id);
    const markKey = `PETITION#${String(petition.id).padStart(12, "0")}`;
    expect(await getItem("RECOUNT", markKey)).toMatchObject({ cause: "counter batch unreadable" });

    // The job works through the marks a few per run, each once its petition is quiet; the counts stay exact.
    const before = await countOf(petition.id);
    await quieten(petition.id);
    for (let run = 0; run < 50 && (await getItem("RECOUNT", markKey)); run++)
      await runSchedule("ReconcileCounts");
    expect(await getItem("RECOUNT", markKey)).toBeUndefined();
    expect(await countOf(petition.id)).toBe(before);
  });
});
