/**
 * The count audit (e-petitions' recount of each petition's validated signatures): every run
 * first merges count deltas the stream left behind, then recounts the petitions marked for
 * recount and the next few open petitions, rotating through them by a cursor, so every open
 * petition is checked again and again with bounded work per run. A recount writes only while
 * its petition is quiet (shared/signatures/recount.ts); a marked one that is not stays marked.
 * Drift is corrected by a correction delta with an audit entry, and recorded as the
 * CountDriftCorrected metric (the mismatch alarm watches it).
 */
import middy from "@middy/core";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { recordMetric } from "../../shared/metrics.ts";
import { observed } from "../../shared/observe.ts";
import { sweepDeltas } from "../../shared/signatures/merge-sweep.ts";
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
  // The thresholds in effect (site settings) decide what a merge stamps or clears.
  const settings = await withThresholdsInEffect(config);
  const merged = await sweepDeltas(settings, now);
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
    return result.quiet;
  };
  const marks = await markedForRecount(perRun);
  const waiting: number[] = [];
  for (const mark of marks) {
    if (await recount(mark.petition_id, mark.cause)) await unmark(mark);
    else waiting.push(mark.petition_id);
  }
  const rotated = await nextOpenPetitions(perRun);
  for (const id of rotated) await recount(id, "reconciliation");
  return { merged, marked: marks.map((m) => m.petition_id), waiting, rotated, corrected };
}

export const handler = middy()
  .use(observed())
  .handler(() => reconcile());
