/**
 * Retrying with exponential backoff, written once. DynamoDB's batch calls answer part of a
 * request and hand back the rest (UnprocessedKeys, UnprocessedItems); those are asked again,
 * waiting longer each time, until none are left. Whole failed calls are the SDK's own retry
 * strategy's business (`maxAttempts` on the clients), not this module's.
 */
import { setTimeout as sleep } from "node:timers/promises";

export interface Backoff {
  /** The first wait, doubled on every attempt after. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
  /** "full": a random wait up to the backoff, so contenders spread out. */
  jitter?: "none" | "full";
}

/** How long to wait before attempt `attempt` (0 is the first retry's base). */
export function backoffMs(attempt: number, { baseMs, capMs, jitter = "none" }: Backoff): number {
  const ms = Math.min(capMs, baseMs * 2 ** attempt);
  return jitter === "full" ? ms * Math.random() : ms;
}

/** Waits out the backoff before attempt `attempt`. */
export const backOff = (attempt: number, backoff: Backoff): Promise<void> =>
  sleep(backoffMs(attempt, backoff));

/**
 * Calls `step` with what is still pending until it leaves nothing, backing off between calls;
 * throws `exhausted` once `maxAttempts` calls have still left something.
 */
export async function untilNoneLeft<T>(
  pending: readonly T[],
  step: (pending: readonly T[]) => Promise<readonly T[]>,
  options: Backoff & { maxAttempts: number; exhausted: () => Error },
): Promise<void> {
  let left = pending;
  for (let attempt = 0; left.length > 0; attempt++) {
    if (attempt >= options.maxAttempts) throw options.exhausted();
    if (attempt > 0) await backOff(attempt, options);
    left = await step(left);
  }
}
