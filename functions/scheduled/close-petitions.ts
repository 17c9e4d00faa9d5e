/**
 * Closes open petitions whose closing time has passed. It reads only what is due, from the
 * `due` index ordered by closing time, never every open petition. Once the parliament's
 * dissolution time has passed it also runs the dissolution (shared/petitions/dissolution.ts);
 * before, once a sysadmin asks, it sends the announcement (shared/petitions/announcement.ts).
 */
import middy from "@middy/core";
import { StateConflictError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { announceIfRequested } from "../../shared/petitions/announcement.ts";
import { dissolveIfDue } from "../../shared/petitions/dissolution.ts";
import { dueToClose } from "../../shared/petitions/due-lists.ts";
import { transition } from "../../shared/petitions/store.ts";

const config = functionConfig("ClosePetitions");

export async function closeDue(now: Date): Promise<{ closed: number[] }> {
  const closed: number[] = [];
  for await (const page of dueToClose(now)) {
    for (const item of page) {
      try {
        await transition(Number(item.id), "close", now, (current) => ({
          set: { closed_at: current.closes_at ?? now.toISOString() },
        }));
        closed.push(Number(item.id));
      } catch (error) {
        // Closed by another run, or taken down meanwhile: nothing left to do.
        if (!(error instanceof StateConflictError)) throw error;
      }
    }
  }
  if (closed.length > 0)
    logger.info("petitions closed", { code: LogCode.petitionsClosed, count: closed.length });
  return { closed };
}

export const handler = middy()
  .use(observed())
  .handler(async () => {
    const now = new Date();
    const closing = await closeDue(now);
    const announcement = await announceIfRequested(now, config.SIGNER_INDEX_SHARDS);
    if (announcement)
      logger.info("dissolution announced", { code: LogCode.dissolutionAnnounced, ...announcement });
    const dissolution = await dissolveIfDue(now, {
      response: config.THRESHOLD_FOR_RESPONSE,
      debate: config.THRESHOLD_FOR_DEBATE,
    });
    if (dissolution)
      logger.info("parliament dissolving", {
        code: LogCode.parliamentDissolved,
        parliament: dissolution.parliament,
        closed: dissolution.closed.length,
        stopped: dissolution.stopped.length,
        dissolved: dissolution.dissolved,
      });
    return { ...closing, announcement, dissolution };
  });
