/** The petition id counter's blocks: each parliament's petitions take ids from a block of their own. */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { counterKey } from "../db/keys.ts";

/**
 * Moves the id counter to the start of a new block (`firstOf(last id given)`), so the next
 * petition takes that id; on condition the counter is as read, so an id taken meanwhile is
 * never given twice (read again and retried). Returns the last id given and the block's first.
 */
export async function startIdBlock(
  firstOf: (last: number) => number,
): Promise<{ last: number; first: number }> {
  for (let attempt = 0; ; attempt++) {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName(), Key: counterKey("petition"), ConsistentRead: true }),
    );
    const last = typeof Item?.value === "number" ? Item.value : 0;
    const first = firstOf(last);
    const moved = await writeIf(() =>
      db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: counterKey("petition"),
          UpdateExpression: "SET #value = :next",
          ConditionExpression: Item ? "#value = :last" : "attribute_not_exists(#value)",
          ExpressionAttributeNames: { "#value": "value" },
          ExpressionAttributeValues: { ":next": first - 1, ...(Item ? { ":last": last } : {}) },
        }),
      ),
    );
    if (moved) return { last, first };
    if (attempt >= 9) throw new Error("The petition id counter kept changing");
  }
}
