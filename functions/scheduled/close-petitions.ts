/**
 * Closes open petitions whose closing time has passed. It reads only what is due, from the
 * `due` index ordered by closing time, never every open petition.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import middy from "@middy/core";
import { loadConfig } from "../../shared/config.ts";
import { db } from "../../shared/db/client.ts";
import { tableName } from "../../shared/db/petitions.ts";
import { StateConflictError } from "../../shared/errors.ts";
import { logger } from "../../shared/log.ts";
import { transition } from "../../shared/petitions/store.ts";

loadConfig(["TABLE_NAME"]);

export async function closeDue(now: Date): Promise<{ closed: number[] }> {
  const closed: number[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "due",
        KeyConditionExpression: "duePK = :close AND dueSK < :now",
        ExpressionAttributeValues: { ":close": "CLOSE", ":now": now.toISOString() },
        ProjectionExpression: "id, closes_at",
        ExclusiveStartKey: start,
        Limit: 100,
      }),
    );
    for (const item of page.Items ?? []) {
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
    start = page.LastEvaluatedKey;
  } while (start);
  if (closed.length > 0) logger.info("petitions closed", { code: "petitions_closed", count: closed.length });
  return { closed };
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(() => closeDue(new Date()));
