/** Paging through a Query, written once: every caller that reads past one page uses these. */
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { db } from "./client.ts";

export type Item = Record<string, unknown>;

/** Each page of a Query in turn, following LastEvaluatedKey. */
export async function* queryPages(input: QueryCommandInput): AsyncGenerator<Item[]> {
  let start = input.ExclusiveStartKey;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield (page.Items ?? []) as Item[];
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Every item a Query finds, up to `limit`. */
export async function queryAll(input: QueryCommandInput, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(input)) {
    items.push(...page);
    if (items.length >= limit) return items.slice(0, limit);
  }
  return items;
}
