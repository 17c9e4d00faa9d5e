/**
 * The moderation hub's queues, read from the state index: each queue is one or two state
 * partitions, and the overdue queues are ranges of the in-moderation sort key (the time the
 * petition reached its supporters).
 */
import { tableName } from "../db/client.ts";
import { statePartition } from "../db/keys.ts";
import { queryAll } from "../db/query.ts";
import {
  COLLECTING_SPONSORS,
  IN_MODERATION,
  isPublished,
  type PetitionState,
  petitionStates,
} from "../domain/petition-state.ts";
import * as z from "../zod.ts";
import type { PetitionRecord } from "./model.ts";
import { timestamp } from "./present.ts";

/** Queues that group states, or slice one by how long it has waited. */
const groupQueues = ["collecting_sponsors", "in_moderation", "nearly_overdue", "overdue"] as const;
/** States inside those groups only; `stopped` petitions are in no queue. */
const grouped: readonly PetitionState[] = [...COLLECTING_SPONSORS, "sponsored", "stopped"];
type StateQueue = Exclude<PetitionState, (typeof COLLECTING_SPONSORS)[number] | "sponsored" | "stopped">;
/** Every other state is a queue of its own, named after it, in the state machine's order. */
const stateQueues = petitionStates.filter((state): state is StateQueue => !grouped.includes(state));

export type Queue = (typeof groupQueues)[number] | StateQueue;
export const queues = [...groupQueues, ...stateQueues] as [Queue, ...Queue[]];

export const queueQuerySchema = z.object({
  queue: z._default(z.enum(queues), "in_moderation"),
  page: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(99_999)), 1),
  count: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
});

const DAY = 24 * 3600 * 1000;
const NEARLY_OVERDUE_DAYS = 11;
const OVERDUE_DAYS = 14;

interface Slice {
  state: PetitionState;
  /** Sort-key bounds: [from, to), ISO timestamps. */
  from?: string;
  to?: string;
  descending?: boolean;
}

function slicesFor(queue: Queue, now: Date): Slice[] {
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  switch (queue) {
    case "collecting_sponsors":
      return COLLECTING_SPONSORS.map((state) => ({ state }));
    case "in_moderation":
      return IN_MODERATION.map((state) => ({ state }));
    case "nearly_overdue":
      return [{ state: "sponsored", from: ago(OVERDUE_DAYS), to: ago(NEARLY_OVERDUE_DAYS) }];
    case "overdue":
      return [{ state: "sponsored", to: ago(OVERDUE_DAYS) }];
    default:
      // Published petitions are listed by signatures, most first.
      return [{ state: queue, descending: isPublished(queue) }];
  }
}

async function readSlice(slice: Slice, limit: number): Promise<PetitionRecord[]> {
  const names: Record<string, string> = { "#pk": "byStatePK" };
  const values: Record<string, string> = { ":pk": statePartition(slice.state) };
  let condition = "#pk = :pk";
  if (slice.to) names["#sk"] = "byStateSK";
  if (slice.from && slice.to) {
    condition += " AND #sk BETWEEN :from AND :to";
    Object.assign(values, { ":from": slice.from, ":to": slice.to });
  } else if (slice.to) {
    condition += " AND #sk < :to";
    values[":to"] = slice.to;
  }
  const items = await queryAll(
    {
      TableName: tableName(),
      IndexName: "byState",
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: !slice.descending,
      Limit: limit,
    },
    limit,
  );
  return items as unknown as PetitionRecord[];
}

/** The petitions overdue in moderation (supported more than 14 days ago), oldest first, at most `limit`. */
export const overdueInModeration = (now: Date, limit: number): Promise<PetitionRecord[]> =>
  Promise.all(slicesFor("overdue", now).map((slice) => readSlice(slice, limit))).then((lists) =>
    lists.flat(),
  );

export function presentAdminPetition(p: PetitionRecord) {
  return {
    id: p.id,
    action: p.action,
    background: p.background,
    additional_details: p.additional_details,
    state: p.state,
    creator_name: p.creator_name,
    signature_count: p.signature_count,
    sponsor_count: p.sponsor_count,
    created_at: timestamp(p.created_at),
    moderation_threshold_reached_at: timestamp(p.moderation_threshold_reached_at),
    opened_at: timestamp(p.opened_at),
    closing_date: p.closing_date ?? null,
    rejection: p.rejection ?? null,
    moderation_log: p.moderation_log,
    moderator_note: p.moderator_note ?? null,
    tags: p.tags ?? [],
    original_text: p.original_text ?? null,
  };
}

export async function readQueue(query: z.output<typeof queueQuerySchema>, now: Date) {
  const wanted = query.page * query.count + 1;
  const slices = slicesFor(query.queue, now);
  const lists = await Promise.all(slices.map((slice) => readSlice(slice, wanted)));
  const descending = slices[0]?.descending ?? false;
  const merged = lists
    .flat()
    .map((p) => ({ p, key: (p as PetitionRecord & { byStateSK?: string }).byStateSK ?? "" }))
    .sort((a, b) => (descending ? b.key.localeCompare(a.key) : a.key.localeCompare(b.key)))
    .map(({ p }) => p);
  const start = (query.page - 1) * query.count;
  return {
    queue: query.queue,
    page: query.page,
    count: query.count,
    has_more: merged.length > start + query.count,
    data: merged.slice(start, start + query.count).map(presentAdminPetition),
  };
}
