/**
 * A list kept in one partition of a sparse index (`due`, `debates`): an item is in the list
 * while it carries the list's two keys, ordered by a time, then by its id. The module owning a
 * list defines it once with `sparseList`, and both the item's index attributes (`entry`) and
 * the list's readers (`before`, `all`) use that definition, so the partition name and the sort key's
 * shape are written in one place.
 */
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { tableName } from "./client.ts";
import { pad } from "./keys.ts";
import type { IndexName } from "./table.ts";

/** What a reader reads of each entry: its projection and page size. */
export type ListRead = Pick<QueryCommandInput, "ProjectionExpression" | "ExpressionAttributeNames" | "Limit">;

export interface SparseList<I extends IndexName> {
  index: I;
  partition: string;
  /** The index attributes placing an item in the list at `at`; numeric ids are zero-padded. */
  entry(at: string, id: number | string): Record<`${I}PK` | `${I}SK`, string>;
  /** The Query of the entries placed before `cutoff` (an ISO time or a prefix of one), oldest first. */
  before(cutoff: string, read?: ListRead): QueryCommandInput;
  /** The Query of every entry, oldest first. */
  all(read?: ListRead): QueryCommandInput;
}

export function sparseList<I extends IndexName>(index: I, partition: string): SparseList<I> {
  return {
    index,
    partition,
    entry: (at, id) =>
      ({
        [`${index}PK`]: partition,
        [`${index}SK`]: `${at}#${typeof id === "number" ? pad(id) : id}`,
      }) as Record<`${I}PK` | `${I}SK`, string>,
    before: (cutoff, read = {}) => ({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk AND ${index}SK < :cutoff`,
      ExpressionAttributeValues: { ":pk": partition, ":cutoff": cutoff },
      ...read,
    }),
    all: (read = {}) => ({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${index}PK = :pk`,
      ExpressionAttributeValues: { ":pk": partition },
      ...read,
    }),
  };
}
