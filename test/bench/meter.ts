/**
 * Counts what the service asks of DynamoDB and SES while a bench runs in process with the local
 * engine: every call by function and command, its time, and the capacity units DynamoDB
 * reports. A client hook (shared/sdk-hooks.ts) asks every command that accepts it for
 * `ReturnConsumedCapacity: "INDEXES"`: the total (table and indexes, as "TOTAL" gives) and, apart,
 * the write units DynamoDB charged the global secondary indexes; the local engine's
 * FunctionRunner is wrapped so each call is attributed to the topology function whose
 * invocation made it, and each invocation's wall time and process CPU time are kept. CPU time is
 * `process.cpuUsage()` around the invocation, the whole process's: it is the invocation's own only
 * for an invocation that ran alone (no other invocation started or in flight meanwhile), and
 * even then it includes the engine's background work in that window (the stream poller, the
 * HTTP server): such invocations are counted apart, as `solo`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Pluggable } from "@smithy/types";
import { FunctionRunner } from "../../infra/local/functions.ts";
import { type ClientKind, registerClientHook } from "../../shared/sdk-hooks.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";

/** Commands that take ReturnConsumedCapacity, and whether their units are writes. */
const CAPACITY: Record<string, "read" | "write"> = {
  GetItem: "read",
  Query: "read",
  Scan: "read",
  BatchGetItem: "read",
  TransactGetItems: "read",
  ExecuteStatement: "read",
  BatchExecuteStatement: "read",
  PutItem: "write",
  UpdateItem: "write",
  DeleteItem: "write",
  BatchWriteItem: "write",
  TransactWriteItems: "write",
  ExecuteTransaction: "write",
};

export interface CommandTally {
  service: ClientKind;
  calls: number;
  ms: number;
  readUnits: number;
  writeUnits: number;
  /** Of writeUnits, what the indexes were charged. */
  indexWriteUnits: number;
  errors: number;
}

export interface FunctionTally {
  invocations: number;
  ms: number;
  /** Of the invocations, those that ran alone in the process, their wall and CPU ms. */
  solo: { invocations: number; ms: number; cpuMs: number };
  commands: Map<string, CommandTally>;
}

/** Outside any function invocation (the bench's own or the engine's clients are not hooked). */
export const NO_FUNCTION = "(none)";

interface Units {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

interface ConsumedCapacity extends Units {
  GlobalSecondaryIndexes?: Record<string, Units>;
}

export class Meter {
  functions = new Map<string, FunctionTally>();

  reset(): void {
    this.functions = new Map();
  }

  private fn(name: string): FunctionTally {
    let tally = this.functions.get(name);
    if (!tally) {
      tally = { invocations: 0, ms: 0, solo: { invocations: 0, ms: 0, cpuMs: 0 }, commands: new Map() };
      this.functions.set(name, tally);
    }
    return tally;
  }

  /** One invocation's wall ms; `soloCpuMs` when it ran alone: the process's CPU ms meanwhile. */
  invocation(name: string, ms: number, soloCpuMs?: number): void {
    const tally = this.fn(name);
    tally.invocations += 1;
    tally.ms += ms;
    if (soloCpuMs !== undefined) {
      tally.solo.invocations += 1;
      tally.solo.ms += ms;
      tally.solo.cpuMs += soloCpuMs;
    }
  }

  call(
    name: string,
    service: ClientKind,
    command: string,
    ms: number,
    consumed: unknown,
    failed: boolean,
  ): void {
    const commands = this.fn(name).commands;
    let tally = commands.get(command);
    if (!tally) {
      tally = { service, calls: 0, ms: 0, readUnits: 0, writeUnits: 0, indexWriteUnits: 0, errors: 0 };
      commands.set(command, tally);
    }
    tally.calls += 1;
    tally.ms += ms;
    if (failed) tally.errors += 1;
    const kind = CAPACITY[command];
    for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as ConsumedCapacity[]) {
      if (c.WriteCapacityUnits !== undefined || c.ReadCapacityUnits !== undefined) {
        tally.writeUnits += c.WriteCapacityUnits ?? 0;
        tally.readUnits += c.ReadCapacityUnits ?? 0;
      } else if (kind === "write") tally.writeUnits += c.CapacityUnits ?? 0;
      else tally.readUnits += c.CapacityUnits ?? 0;
      if (kind === "write" || c.WriteCapacityUnits !== undefined) {
        for (const index of Object.values(c.GlobalSecondaryIndexes ?? {}))
          tally.indexWriteUnits +=
            index.WriteCapacityUnits ?? (kind === "write" ? (index.CapacityUnits ?? 0) : 0);
      }
    }
  }

  /** Sums over one function (or every function when name is omitted). */
  totals(name?: string) {
    const out = {
      invocations: 0,
      ms: 0,
      calls: 0,
      dynamoCalls: 0,
      readUnits: 0,
      writeUnits: 0,
      indexWriteUnits: 0,
      errors: 0,
      sdkMs: 0,
    };
    for (const [fn, tally] of this.functions) {
      if (name !== undefined && fn !== name) continue;
      out.invocations += tally.invocations;
      out.ms += tally.ms;
      for (const c of tally.commands.values()) {
        out.calls += c.calls;
        if (c.service === "dynamodb") out.dynamoCalls += c.calls;
        out.readUnits += c.readUnits;
        out.writeUnits += c.writeUnits;
        out.indexWriteUnits += c.indexWriteUnits;
        out.errors += c.errors;
        out.sdkMs += c.ms;
      }
    }
    return out;
  }
}

const scope = new AsyncLocalStorage<string>();
let active: Meter | null = null;
let installed = false;
/** Invocations in flight, and how many have started: an invocation ran alone if none overlapped it. */
let inFlight = 0;
let startedInvocations = 0;
/** While set, the end of the last invocation queued: each invocation waits for the one before. */
let turns: Promise<void> | null = null;

/**
 * Makes (or stops making) the engine's invocations take turns: each runs alone in the process,
 * as it would in its own execution environment, however many are due at once (a stream record
 * two functions read, for one). Measured time starts at the invocation's turn.
 */
export function oneInvocationAtATime(on: boolean): void {
  turns = on ? Promise.resolve() : null;
}

const shortName = (commandName: string | undefined) => (commandName ?? "Unknown").replace(/Command$/, "");

/** Starts metering into `meter` (one at a time); installs the hook and the wrapper once. */
export function meterInto(meter: Meter | null): void {
  active = meter;
  if (installed) return;
  installed = true;

  const invoke = FunctionRunner.prototype.invoke;
  const measured = (runner: FunctionRunner, spec: FunctionSpec, event: unknown) => {
    const aloneAtStart = inFlight === 0;
    inFlight += 1;
    const sequence = ++startedInvocations;
    const cpu = process.cpuUsage();
    const started = performance.now();
    return scope.run(spec.name, async () => {
      try {
        return await invoke.call(runner, spec, event);
      } finally {
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        inFlight -= 1;
        const alone = aloneAtStart && startedInvocations === sequence;
        active?.invocation(spec.name, ms, alone ? (used.user + used.system) / 1000 : undefined);
      }
    });
  };
  FunctionRunner.prototype.invoke = async function meteredInvoke(this: FunctionRunner, spec, event) {
    // An invocation made from inside another (none today) cannot wait for it: it runs at once.
    if (!turns || scope.getStore() !== undefined) return measured(this, spec, event);
    const previous = turns;
    let release = () => {};
    turns = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await measured(this, spec, event);
    } finally {
      release();
    }
  };

  registerClientHook((kind) => {
    const plugin: Pluggable<object, object> = {
      applyToStack(stack) {
        stack.add(
          (next, context) => async (args) => {
            const command = shortName(context.commandName);
            const input = args.input as Record<string, unknown> | undefined;
            const ask = kind === "dynamodb" && CAPACITY[command] !== undefined && typeof input === "object";
            const started = performance.now();
            const fn = scope.getStore() ?? NO_FUNCTION;
            try {
              const result = await next(
                ask ? { ...args, input: { ...input, ReturnConsumedCapacity: "INDEXES" } } : args,
              );
              const output = result.output as { ConsumedCapacity?: unknown } | undefined;
              active?.call(fn, kind, command, performance.now() - started, output?.ConsumedCapacity, false);
              return result;
            } catch (error) {
              // A cancelled transaction or failed condition still consumed write units, but the
              // SDK's error does not carry them: counted as a call, not as units.
              active?.call(fn, kind, command, performance.now() - started, undefined, true);
              throw error;
            }
          },
          { step: "initialize", name: "benchMeter", priority: "high" },
        );
      },
    };
    return plugin;
  });
}
