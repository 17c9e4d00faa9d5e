/**
 * Bulk invalidations (e-petitions' `Invalidation`): a sysadmin names signatures by criteria
 * (shared/domain/invalidation.ts), previews how many match, starts the job, and may cancel it.
 * The job (shared/signatures/invalidate-page.ts) invalidates a page of signatures per run and
 * keeps its cursor here; each staff action is logged on the item with the staff id and time.
 *
 * Access patterns:
 * - one invalidation:        GetItem INVALIDATION#<id> / INVALIDATION
 * - by state, newest first:  Query byState `INVALIDATIONS#<state>`
 * - each state change:       Update, condition: the state it starts from (stream-triggered when running)
 */
import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { type Criteria, criteriaFields, type NewInvalidation } from "../domain/invalidation.ts";
import * as z from "../zod.ts";

export const invalidationStates = ["pending", "counting", "running", "completed", "cancelled"] as const;
export type InvalidationState = (typeof invalidationStates)[number];

export const invalidationKey = (id: string) => ({ PK: `INVALIDATION#${id}`, SK: "INVALIDATION" });
const byState = (state: InvalidationState) => `INVALIDATIONS#${state}`;

const logEntry = z.object({ action: z.string(), staff_id: z.string(), at: z.string() });

/** Where the job is: the petition (an index into `petition_ids`), the signer shard, the index cursor. */
export const positionSchema = z.object({
  petition: z.number().check(z.int()),
  shard: z.number().check(z.int()),
  cursor: z.nullable(z.string()),
});
export type Position = z.output<typeof positionSchema>;

export const invalidationRecordSchema = z.object({
  entity: z.literal("INVALIDATION"),
  id: z.string(),
  state: z.enum(invalidationStates),
  criteria: z.record(z.string(), z.unknown()),
  summary: z.string(),
  details: z.nullable(z.string()),
  matching_count: z.nullable(z.number().check(z.int())),
  invalidated_count: z.number().check(z.int()),
  /** The petitions in scope, fixed when the job starts. */
  petition_ids: z.nullable(z.array(z.number().check(z.int()))),
  position: positionSchema,
  page: z.number().check(z.int()),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  counted_at: z.nullable(z.string()),
  started_at: z.nullable(z.string()),
  finished_at: z.nullable(z.string()),
  log: z.array(logEntry),
});
export type InvalidationRecord = z.output<typeof invalidationRecordSchema>;

export const criteriaOf = (record: Pick<InvalidationRecord, "criteria">) => record.criteria as Criteria;

export async function createInvalidation(input: NewInvalidation, staffId: string, now: Date) {
  const at = now.toISOString();
  const id = randomUUID();
  const criteria = Object.fromEntries(
    criteriaFields.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]),
  );
  const record: InvalidationRecord = {
    entity: "INVALIDATION",
    id,
    state: "pending",
    criteria,
    summary: input.summary,
    details: input.details ?? null,
    matching_count: null,
    invalidated_count: 0,
    petition_ids: null,
    position: { petition: 0, shard: 0, cursor: null },
    page: 0,
    created_at: at,
    created_by: staffId,
    updated_at: at,
    counted_at: null,
    started_at: null,
    finished_at: null,
    log: [{ action: "created", staff_id: staffId, at }],
  };
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...invalidationKey(id), ...record, byStatePK: byState("pending"), byStateSK: `${at}#${id}` },
      ConditionExpression: "attribute_not_exists(PK)",
    }),
  );
  return record;
}

export async function getInvalidation(id: string): Promise<InvalidationRecord | null> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: invalidationKey(id), ConsistentRead: true }),
  );
  return Item ? invalidationRecordSchema.parse(Item) : null;
}

/** The newest invalidations in one state, or in every state. */
export async function listInvalidations(state?: InvalidationState, limit = 100) {
  const states = state ? [state] : invalidationStates;
  const lists = await Promise.all(
    states.map(async (s) => {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: "byState",
          KeyConditionExpression: "byStatePK = :pk",
          ExpressionAttributeValues: { ":pk": byState(s) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (Items ?? []).map((item) => invalidationRecordSchema.parse(item));
    }),
  );
  return lists
    .flat()
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .slice(0, limit);
}

export interface Transition {
  from: readonly InvalidationState[];
  to: InvalidationState;
  /** The staff action to log, when staff made it. */
  action?: { name: string; staffId: string };
  set?: Record<string, unknown>;
  /** Extra condition on the current item (names prefixed `#x`, values `:x`). */
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

/** Moves an invalidation between states; false when it was not in one of `from`. */
export function transition(id: string, t: Transition, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const set = { ...t.set, state: t.to, byStatePK: byState(t.to), updated_at: at };
  const names = Object.keys(set);
  const sets = names.map((_name, i) => `#s${i} = :s${i}`);
  if (t.action) sets.push("#log = list_append(#log, :entry)");
  const froms = t.from.map((_, i) => `:from${i}`);
  return writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: invalidationKey(id),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: `#state IN (${froms.join(", ")})${t.condition ? ` AND ${t.condition.expression}` : ""}`,
        ExpressionAttributeNames: {
          "#state": "state",
          ...(t.action ? { "#log": "log" } : {}),
          ...Object.fromEntries(names.map((name, i) => [`#s${i}`, name])),
          ...t.condition?.names,
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((name, i) => [`:s${i}`, set[name as keyof typeof set]])),
          ...Object.fromEntries(t.from.map((state, i) => [`:from${i}`, state])),
          ...(t.action ? { ":entry": [{ action: t.action.name, staff_id: t.action.staffId, at }] } : {}),
          ...t.condition?.values,
        },
      }),
    ),
  );
}

/** What staff see: the record without its internal cursor. */
export function presentInvalidation(record: InvalidationRecord) {
  const { position: _position, page: _page, petition_ids, ...shown } = record;
  return { ...shown, petitions_in_scope: petition_ids?.length ?? null };
}
