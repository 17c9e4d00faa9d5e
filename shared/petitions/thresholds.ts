/**
 * What happens when a petition's count crosses 10,000 or 100,000. The counter only marks the
 * petition (a sparse index, in the same write that added the batch); this scheduled work reads
 * only the marked petitions and, for each, in one conditional transaction: stamps
 * `response_threshold_reached_at` / `debate_threshold_reached_at` once, moves the response or
 * debate state to `awaiting`, clears the mark, starts the job that emails every subscribed
 * signer (the creator is one: creators are always subscribed, so they get exactly one email),
 * and adds the crossing to the committee's report. Then it sends the
 * report of every crossing not yet reported, claiming them in the same transaction as the
 * email, so two runs at once, or a run retried after a crash, stamp and send once.
 *
 * Access patterns:
 * - marked petitions:            Query candidates THRESHOLD
 * - report entries since a time: Query REPORT#thresholds, sort key >= time
 * - unreported entries:          Query REPORT#thresholds filtered on no report id (a bounded,
 *                                recent range: entries are claimed within minutes)
 */

import { randomUUID } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { queryAll } from "../db/query.ts";
import type { ThresholdName } from "../domain/thresholds.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import { jobPuts } from "../mail/mass-mail.ts";
import { outboxPut } from "../mail/outbox.ts";
import * as z from "../zod.ts";
import { getPetition } from "./items.ts";
import { guardedPut, type StoredPetition } from "./store.ts";

export const thresholdReportQuery = z.object({
  since: z._default(
    z.pipe(
      z.iso.datetime({ offset: true, error: "Use an ISO 8601 time, like 2026-11-01T00:00:00Z" }),
      z.transform((s) => new Date(s).toISOString()),
    ),
    () => new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString(),
  ),
});

export interface ThresholdSettings {
  THRESHOLD_FOR_RESPONSE: number;
  THRESHOLD_FOR_DEBATE: number;
  REPORT_EMAIL: string;
  SIGNER_INDEX_SHARDS: number;
}

export interface ReportEntry {
  petition_id: number;
  action: string;
  threshold: ThresholdName;
  reached_at: string;
  signature_count: number;
}

const REPORT_PK = "REPORT#thresholds";
const reportKey = (e: ReportEntry) => ({
  PK: REPORT_PK,
  SK: `${e.reached_at}#${String(e.petition_id).padStart(12, "0")}#${e.threshold}`,
});

const templates: Record<ThresholdName, "threshold_response" | "threshold_debate"> = {
  response: "threshold_response",
  debate: "threshold_debate",
};

/** The crossings a marked petition has not had stamped yet. */
export function dueCrossings(p: StoredPetition, settings: ThresholdSettings): ThresholdName[] {
  const due: ThresholdName[] = [];
  if (p.signature_count >= settings.THRESHOLD_FOR_RESPONSE && !p.response_threshold_reached_at)
    due.push("response");
  if (p.signature_count >= settings.THRESHOLD_FOR_DEBATE && !p.debate_threshold_reached_at)
    due.push("debate");
  return due;
}

async function handleCandidate(id: number, settings: ThresholdSettings, now: Date): Promise<ReportEntry[]> {
  const table = tableName();
  for (let attempt = 0; attempt < 5; attempt++) {
    const petition = (await getPetition(id, true)) as StoredPetition | null;
    if (!petition?.threshold_candidate) return [];
    const at = now.toISOString();
    const due =
      petition.state === "open" || petition.state === "closed" ? dueCrossings(petition, settings) : [];
    const next: StoredPetition = {
      ...petition,
      threshold_candidate: false,
      version: petition.version + 1,
      updated_at: at,
    };
    for (const name of due) {
      if (name === "response") {
        next.response_threshold_reached_at = at;
        if (next.response_state === "pending") next.response_state = "awaiting";
      } else {
        next.debate_threshold_reached_at = at;
        if (next.debate_state === "pending") next.debate_state = "awaiting";
      }
    }
    const entries: ReportEntry[] = due.map((threshold) => ({
      petition_id: id,
      action: petition.action,
      threshold,
      reached_at: at,
      signature_count: petition.signature_count,
    }));
    const shared = { petition_id: id, action: petition.action, signature_count: petition.signature_count };
    const jobs = due.flatMap(
      (name) =>
        jobPuts(
          {
            petitionId: id,
            template: templates[name],
            data: shared,
            total: petition.subscriber_count ?? 0,
            createdBy: "threshold",
            shards: settings.SIGNER_INDEX_SHARDS,
          },
          now,
          table,
        ).puts,
    );
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            guardedPut(next, petition, [petition.state], table),
            ...entries.map((e) => ({
              Put: { TableName: table, Item: { ...reportKey(e), entity: "REPORT_ENTRY", ...e } },
            })),
            ...jobs,
          ],
        }),
      );
      for (const e of entries)
        logger.info("threshold reached", {
          code: LogCode.thresholdReached,
          petitionId: id,
          threshold: e.threshold,
        });
      return entries;
    } catch (error) {
      // Another run, or the counter, wrote first: read again and see what is left.
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  throw new Error(`Petition ${id} kept changing while its thresholds were handled`);
}

async function candidates(): Promise<number[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: "candidates",
    KeyConditionExpression: "candidatesPK = :pk",
    ExpressionAttributeValues: { ":pk": "THRESHOLD" },
    ProjectionExpression: "id",
  });
  return items.map((item) => Number(item.id));
}

const entryOf = (item: Record<string, unknown>): ReportEntry => ({
  petition_id: Number(item.petition_id),
  action: String(item.action),
  threshold: item.threshold as ThresholdName,
  reached_at: String(item.reached_at),
  signature_count: Number(item.signature_count),
});

export async function reportSince(since: string): Promise<ReportEntry[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk AND SK >= :since",
    ExpressionAttributeValues: { ":pk": REPORT_PK, ":since": since },
  });
  return items.map(entryOf);
}

/** Claims every unreported entry and writes one report email for them, or nothing. */
async function sendReport(settings: ThresholdSettings, now: Date): Promise<number> {
  const table = tableName();
  // Entries are claimed by the run that wrote them or the next; a week back is ample.
  const since = new Date(now.getTime() - 7 * 24 * 3600 * 1000).toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const page = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "PK = :pk AND SK >= :since",
        FilterExpression: "attribute_not_exists(report_id)",
        ExpressionAttributeValues: { ":pk": REPORT_PK, ":since": since },
        Limit: 90,
      }),
    );
    const items = page.Items ?? [];
    if (items.length === 0) return 0;
    const reportId = randomUUID();
    const entries = items.map(entryOf);
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...items.map((item) => ({
              Update: {
                TableName: table,
                Key: { PK: item.PK, SK: item.SK },
                UpdateExpression: "SET report_id = :report",
                ConditionExpression: "attribute_not_exists(report_id)",
                ExpressionAttributeValues: { ":report": reportId },
              },
            })),
            outboxPut(
              { template: "threshold_report", to: settings.REPORT_EMAIL, data: { entries } },
              now,
              table,
            ),
          ],
        }),
      );
      return entries.length;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  throw new Error("The threshold report kept conflicting with another run");
}

export async function processThresholds(settings: ThresholdSettings, now: () => Date = () => new Date()) {
  const ids = await candidates();
  const crossed: ReportEntry[] = [];
  for (const id of ids) crossed.push(...(await handleCandidate(id, settings, now())));
  const reported = await sendReport(settings, now());
  return { candidates: ids.length, crossed: crossed.length, reported };
}
