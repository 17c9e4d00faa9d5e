/**
 * What staff do to an invalidation, each logged on it with the staff id and time: preview the
 * number of signatures it names, start it, cancel it. Each answers whether the invalidation was
 * in a state that allows it (false: somebody else acted first, or it has finished).
 */
import { criteriaOf, getInvalidation, type InvalidationRecord, transition } from "./invalidation.ts";
import { countMatching, petitionsInScope, type ScanSettings } from "./invalidation-scan.ts";

export interface Staff {
  id: string;
}

/** Counts what the criteria name now (state `counting` meanwhile); null when it is not pending. */
export async function previewInvalidation(
  record: InvalidationRecord,
  staff: Staff,
  settings: ScanSettings,
  now: () => Date = () => new Date(),
): Promise<number | null> {
  const counting = await transition(
    record.id,
    { from: ["pending", "counting"], to: "counting", action: { name: "counted", staffId: staff.id } },
    now(),
  );
  if (!counting) return null;
  let matching: number | null = null;
  try {
    matching = (await countMatching(criteriaOf(record), settings)).count;
  } finally {
    // A failed count leaves it pending, as it was, for another try.
    await transition(
      record.id,
      {
        from: ["counting"],
        to: "pending",
        set: matching === null ? {} : { matching_count: matching, counted_at: now().toISOString() },
      },
      now(),
    );
  }
  return matching;
}

/** Starts the job over the petitions in scope now; the stream runs its pages. */
export async function startInvalidation(record: InvalidationRecord, staff: Staff, now = new Date()) {
  const petitionIds = await petitionsInScope(criteriaOf(record));
  return transition(
    record.id,
    {
      from: ["pending", "counting"],
      to: "running",
      action: { name: "started", staffId: staff.id },
      set: {
        petition_ids: petitionIds,
        position: { petition: 0, shard: 0, cursor: null },
        page: 0,
        invalidated_count: 0,
        started_at: now.toISOString(),
      },
    },
    now,
  );
}

/** Stops it before its next page (a page under way finishes and is counted). */
export function cancelInvalidation(id: string, staff: Staff, now = new Date()) {
  return transition(
    id,
    {
      from: ["pending", "counting", "running"],
      to: "cancelled",
      action: { name: "cancelled", staffId: staff.id },
      set: { finished_at: now.toISOString() },
    },
    now,
  );
}

export { getInvalidation };
