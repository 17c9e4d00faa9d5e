/** EventBridge Scheduler's part: each scheduled function runs on its timer, or on demand. */
import type { FunctionSpec } from "../../shared/topology-types.ts";
import type { FunctionRunner } from "./functions.ts";

export interface Schedules {
  runSchedule(name: string): Promise<unknown>;
  list(): { name: string; everyMinutes: number | undefined }[];
  /** Clears the timers. */
  stop(): void;
}

/**
 * `intervalSeconds` runs every schedule that often instead of its own rate; 0 runs schedules
 * only on demand.
 */
export function startSchedules(
  functions: readonly FunctionSpec[],
  runner: FunctionRunner,
  intervalSeconds: number | undefined,
  log: (line: string) => void,
): Schedules {
  const timers: NodeJS.Timeout[] = [];
  const schedules = new Map(functions.filter((f) => f.schedule).map((f) => [f.name, f]));
  const runSchedule = async (name: string) => {
    const spec = schedules.get(name);
    if (!spec) throw new Error(`No schedule named ${name}`);
    return runner.invoke(spec, {
      source: "local.scheduler",
      schedule: name,
      time: new Date().toISOString(),
    });
  };
  const interval = intervalSeconds;
  for (const spec of schedules.values()) {
    const everyMs = (interval ?? (spec.schedule?.everyMinutes ?? 60) * 60) * 1000;
    if (interval === 0) continue;
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      runSchedule(spec.name)
        .catch((error: unknown) =>
          log(`schedule ${spec.name} failed: ${error instanceof Error ? error.message : error}`),
        )
        .finally(() => {
          running = false;
        });
    }, everyMs);
    timer.unref();
    timers.push(timer);
  }
  return {
    runSchedule,
    list: () =>
      [...schedules.values()].map((s) => ({ name: s.name, everyMinutes: s.schedule?.everyMinutes })),
    stop: () => {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
