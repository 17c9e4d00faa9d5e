/** Marks scheduled debates whose date has passed as debated, reading only scheduled debates. */
import middy from "@middy/core";
import { londonDate } from "../../shared/domain/closing-date.ts";
import { PUBLISHED_STATES } from "../../shared/domain/petition-state.ts";
import { StateConflictError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { logger } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { observed } from "../../shared/observe.ts";
import { debatesScheduledBefore } from "../../shared/petitions/due-lists.ts";
import { amend } from "../../shared/petitions/store.ts";

functionConfig("MarkDebated");

export async function markDebated(now: Date): Promise<{ debated: number[] }> {
  const today = londonDate(now);
  const debated: number[] = [];
  for await (const ids of debatesScheduledBefore(today)) {
    for (const id of ids) {
      try {
        await amend(id, PUBLISHED_STATES, now, (current) =>
          current.debate_state === "scheduled" ? { set: { debate_state: "debated" } } : {},
        );
        debated.push(id);
      } catch (error) {
        if (!(error instanceof StateConflictError)) throw error;
      }
    }
  }
  if (debated.length > 0)
    logger.info("debates marked as held", { code: LogCode.debatesMarked, count: debated.length });
  return { debated };
}

export const handler = middy()
  .use(observed())
  .handler(() => markDebated(new Date()));
