/**
 * A bounded pool of workers, written once: the seed's bulk writes, the search's batch reads and
 * the tests' concurrent clients all keep at most `limit` calls in flight this way.
 */

/**
 * Runs `task` over `items` (read lazily, so a generator can stream millions) with at most `limit`
 * in flight, in order of starting; stops taking new items once `until()` is false.
 */
export async function pool<T>(
  items: Iterable<T>,
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  until: () => boolean = () => true,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let next = 0;
  const worker = async () => {
    for (;;) {
      if (!until()) return;
      const item = iterator.next();
      if (item.done) return;
      await task(item.value, next++);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}

/** Runs tasks with at most `limit` in flight, in order of starting; results in the tasks' order. */
export async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  await pool(tasks, limit, async (task, index) => {
    results[index] = await task();
  });
  return results;
}
