/**
 * The count audit (e-petitions' recount of each petition's validated signatures): every run
 * recounts the petitions marked for recount and the next few open petitions, rotating through
 * them by a cursor, so every open petition is checked again and again with bounded work per run.
 * Drift is corrected through the counter's own conditional write, with an audit entry, and
 * recorded as the CountDriftCorrected metric (the mismatch alarm watches it).
 */
import middy from "@middy/core";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { recordMetric } from "../../shared/metrics.ts";
import { observed } from "../../shared/observe.ts";
import {
  markedForRecount,
  nextOpenPetitions,
  recountPetition,
  unmark,
} from "../../shared/signatures/recount.ts";
import { withThresholdsInEffect } from "../../shared/site/thresholds.ts";

const config = functionConfig("ReconcileCounts");

export async function reconcile(now = () => new Date()) {
  const perRun = config.RECONCILE_PETITIONS_PER_RUN;
  const corrected: { petitionId: number; signatures: number; cause: string }[] = [];
  // The thresholds in effect (site settings) decide what a recount stamps or clears.
  const settings = await withThresholdsInEffect(config);
  const recount = async (petitionId: number, cause: string) => {
    const result = await recountPetition(petitionId, settings, cause, now);
    if (result.corrected > 0) {
      recordMetric("CountDriftCorrected");
      corrected.push({ petitionId, signatures: result.corrected, cause });
      logger.warn("a petition's count had drifted from its signatures and was corrected", {
        code: LogCode.countDriftCorrected,
        petitionId,
        signatures: result.corrected,
        cause,
      });
    }
  };
  const marks = await markedForRecount(perRun);
  for (const mark of marks) {
    await recount(mark.petition_id, mark.cause);
    await unmark(mark);
  }
  const rotated = await nextOpenPetitions(perRun);
  for (const id of rotated) await recount(id, "reconciliation");
  return { marked: marks.map((m) => m.petition_id), rotated, corrected };
}

export const handler = middy()
  .use(observed())
  .handler(() => reconcile());
