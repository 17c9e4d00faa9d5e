/**
 * A bulk invalidation of many validated signatures on one petition (100,000 by default,
 * BENCH_INVALIDATE_SIGNATURES to change), by domain, through the local engine exactly as staff
 * run one: the preview's time, the job's time and rate, the time until the petition's count has
 * fallen by all of them (the stream counter's share), and the DynamoDB units each part spends
 * per signature. Signatures are written straight to the table (unseen by the stream), already
 * counted, with the service's own item code.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { putAll } from "../../infra/local/bulk.ts";
import { signStaffToken } from "../../infra/local/staff-token.ts";
import { petitionItem } from "../../shared/petitions/store.ts";
import { type SignatureRecord, signatureId } from "../../shared/signatures/model.ts";
import { signatureItem } from "../../shared/signatures/sign.ts";
import { LocalService } from "../support/local-service.ts";
import { petitionRecord } from "../support/petition-record.ts";
import { type BenchContext, type Figure, figure, round, sleep } from "./figures.ts";
import { Meter, meterInto } from "./meter.ts";

const SHARDS = 10;

export async function benchInvalidation(ctx: BenchContext): Promise<Figure[]> {
  const engine = await ctx.engine();
  // In process with the engine: the service's own client reaches its table.
  const { db } = await import("../../shared/db/client.ts");
  const table = engine.tableName;
  const size = Number(process.env.BENCH_INVALIDATE_SIGNATURES ?? 100_000);
  const id = 8_000_000 + Math.floor(Math.random() * 100_000) * 10;
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const items = function* () {
    for (let i = 0; i < size; i++) {
      const emailKey = `bench${String(i).padStart(17, "0")}`;
      const record: SignatureRecord = {
        entity: "SIGNATURE",
        id: signatureId(id, 1, emailKey),
        petition_id: id,
        slot: 1,
        kind: "signer",
        name: `Signer ${i}`,
        email: `signer${i}@bots.bench.example`,
        postcode: null,
        location: "FR",
        constituency: null,
        region: null,
        ip: `198.51.100.${i % 250}`,
        state: "validated",
        notify_by_email: false,
        token_hashes: [],
        unsubscribe_token: `u${i}`,
        email_count: 1,
        created_at: at,
        validated_at: at,
        counted: true,
      };
      yield signatureItem(record, emailKey, SHARDS);
    }
  };
  const seeded = performance.now();
  await engine.withoutStream(async () => {
    await putAll(db, table, [
      petitionItem(petitionRecord(id, { action: `Bench petition ${id}`, signature_count: size })),
    ]);
    await putAll(db, table, items(), { concurrency: 16 });
  });
  ctx.log(`invalidation: seeded ${size} signatures in ${round((performance.now() - seeded) / 1000)} s`);

  const service = new LocalService(engine.url, engine.dynamoEndpoint, table);
  const token = await signStaffToken(engine.url, { roles: ["sysadmin"], sub: "bench" });
  const meter = new Meter();
  meterInto(meter);
  try {
    const created = await service.post<{ id: string }>(
      "/admin/invalidations",
      { petition_id: id, domain: "bots.bench.example", summary: "Bench" },
      { token },
    );
    const invalidation = created.body.id;
    const previewStarted = performance.now();
    const preview = await service.post<{ matching_count: number }>(
      `/admin/invalidations/${invalidation}/count`,
      {},
      { token },
    );
    const previewSeconds = (performance.now() - previewStarted) / 1000;
    if (preview.status !== 200)
      ctx.log(`invalidation: the preview answered ${preview.status} (it outlasted the request)`);
    const previewUnits = meter.totals("AdminInvalidations");
    ctx.log(`invalidation: preview ${preview.body.matching_count} in ${round(previewSeconds)} s`);

    const started = performance.now();
    await service.post(`/admin/invalidations/${invalidation}/start`, {}, { token });
    let state = "running";
    let invalidated = 0;
    while (state === "running") {
      await sleep(500);
      const shown = await service.get<{ data: { state: string; invalidated_count: number } }>(
        `/admin/invalidations/${invalidation}`,
        { token },
      );
      state = shown.body.data.state;
      invalidated = shown.body.data.invalidated_count;
    }
    const jobSeconds = (performance.now() - started) / 1000;
    ctx.log(`invalidation: ${invalidated} invalidated in ${round(jobSeconds)} s (${state})`);
    let count = size;
    while (count > 0) {
      await sleep(500);
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: { PK: `PETITION#${id}`, SK: "PETITION" } }),
      );
      count = Number(Item?.signature_count ?? 0);
    }
    const countedSeconds = (performance.now() - started) / 1000;
    ctx.log(`invalidation: the count fell to 0 ${round(countedSeconds)} s after the start`);
    const job = meter.totals("InvalidateSignatures");
    const counter = meter.totals("CountSignatures");
    const per = (units: number) => round(units / Math.max(1, invalidated), 3);
    return [
      figure("invalidation.signatures", invalidated, "signatures", { label: "written", value: size }),
      figure("invalidation.preview_seconds", round(previewSeconds), "s"),
      figure("invalidation.preview_read_units_per_signature", per(previewUnits.readUnits), "RRU"),
      figure("invalidation.job_seconds", round(jobSeconds), "s"),
      figure("invalidation.signatures_per_second", round(invalidated / jobSeconds), "signatures/s"),
      figure("invalidation.counted_seconds", round(countedSeconds), "s", {
        label: "the job alone",
        value: round(jobSeconds),
      }),
      // Below 100,000 (a busy machine), the job's time at 100,000, scaled linearly and labelled so.
      ...(size < 100_000
        ? [
            figure(
              "invalidation.job_seconds_100000_extrapolated",
              round((jobSeconds * 100_000) / size),
              "s",
              {
                label: `extrapolated linearly from ${size} measured`,
                value: round(jobSeconds),
              },
            ),
          ]
        : []),
      figure("invalidation.job_read_units_per_signature", per(job.readUnits), "RRU"),
      figure("invalidation.job_write_units_per_signature", per(job.writeUnits), "WRU"),
      figure("invalidation.counter_write_units_per_signature", per(counter.writeUnits), "WRU"),
      figure("invalidation.job_dynamodb_calls_per_signature", per(job.dynamoCalls), "calls"),
    ];
  } finally {
    meterInto(null);
  }
}
