/** Marks scheduled debates whose date has passed as debated, reading only scheduled debates. */
import middy from "@middy/core";
import { loadConfig } from "../../shared/config.ts";
import { tableName } from "../../shared/db/client.ts";
import { queryPages } from "../../shared/db/query.ts";
import { londonDate } from "../../shared/domain/closing-date.ts";
import { StateConflictError } from "../../shared/errors.ts";
import { logger } from "../../shared/log.ts";
import { observed } from "../../shared/observe.ts";
import { amend } from "../../shared/petitions/store.ts";

loadConfig(["TABLE_NAME"]);

export async function markDebated(now: Date): Promise<{ debated: number[] }> {
  const today = londonDate(now);
  const debated: number[] = [];
  const scheduled = queryPages({
    TableName: tableName(),
    IndexName: "debates",
    KeyConditionExpression: "debatesPK = :pk AND debatesSK < :today",
    ExpressionAttributeValues: { ":pk": "DEBATE", ":today": today },
    ProjectionExpression: "id",
  });
  for await (const page of scheduled) {
    for (const { id } of page) {
      try {
        await amend(Number(id), ["open", "closed"], now, (current) =>
          current.debate_state === "scheduled" ? { set: { debate_state: "debated" } } : {},
        );
        debated.push(Number(id));
      } catch (error) {
        if (!(error instanceof StateConflictError)) throw error;
      }
    }
  }
  if (debated.length > 0)
    logger.info("debates marked as held", { code: "debates_marked", count: debated.length });
  return { debated };
}

export const handler = middy()
  .use(observed())
  .handler(() => markDebated(new Date()));
