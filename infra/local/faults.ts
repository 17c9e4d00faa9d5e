/**
 * Fault injection for the local engine, through the AWS SDK clients' middleware stack: a share
 * of calls (chosen by a seeded generator, so a run can be repeated) fails as throttling, a 500,
 * or a timeout, either before the request is sent or after it landed (the reply lost).
 * The SDK's own retries see these as they would see the real thing.
 */

import type { ClientKind } from "../../shared/sdk-hooks.ts";
import * as z from "../../shared/zod.ts";
import { randomSource } from "./random.ts";

export const faultRuleSchema = z.object({
  client: z.enum(["dynamodb", "ses"]),
  /** Command names, e.g. TransactWriteItemsCommand; all when absent. */
  commands: z.optional(z.array(z.string())),
  /** Only calls whose request names this text, e.g. a key's prefix (`MAILCAP#all#`); all when absent. */
  naming: z.optional(z.string().check(z.minLength(1))),
  /** Share of matching calls that fail, 0..1. */
  rate: z._default(z.number().check(z.gte(0), z.lte(1)), 1),
  error: z._default(z.enum(["throttle", "server", "timeout"]), "server"),
  /** `after`: the call reaches the service, then the reply is lost. */
  phase: z._default(z.enum(["before", "after"]), "before"),
  /** Let this many matching calls through before failing any. */
  skip: z._default(z.number().check(z.int(), z.gte(0)), 0),
  /** Fail at most this many calls. */
  times: z.optional(z.number().check(z.int(), z.gte(1))),
});
export const faultConfigSchema = z.object({
  seed: z._default(z.number().check(z.int()), 1),
  rules: z.array(faultRuleSchema),
});
export type FaultConfig = z.output<typeof faultConfigSchema>;

function faultError(kind: FaultConfig["rules"][number]["error"]): Error {
  const names = {
    throttle: "ThrottlingException",
    server: "InternalServerError",
    timeout: "TimeoutError",
  } as const;
  const error = Object.assign(new Error(`Injected fault: ${names[kind]}`), {
    name: names[kind],
    $fault: kind === "throttle" ? "client" : "server",
    $metadata: { httpStatusCode: kind === "throttle" ? 400 : 500 },
    $retryable: kind === "throttle" ? { throttling: true } : {},
  });
  return error;
}

/** A serialised request's body as text (the SDK gives a string or bytes). */
function textOf(body: unknown): string {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  return "";
}

export class FaultInjector {
  private config: FaultConfig = { seed: 1, rules: [] };
  private random = randomSource(1);
  private seen: number[] = [];
  private failed: number[] = [];
  injected = 0;

  configure(config: FaultConfig): void {
    this.config = config;
    this.random = randomSource(config.seed);
    this.seen = config.rules.map(() => 0);
    this.failed = config.rules.map(() => 0);
    this.injected = 0;
  }

  clear(): void {
    this.configure({ seed: 1, rules: [] });
  }

  /** The rule that fails this call, if any. */
  private pick(kind: ClientKind, command: string, body: unknown) {
    for (const [index, rule] of this.config.rules.entries()) {
      if (rule.client !== kind || (rule.commands && !rule.commands.includes(command))) continue;
      if (rule.naming && !textOf(body).includes(rule.naming)) continue;
      this.seen[index] = (this.seen[index] ?? 0) + 1;
      if ((this.seen[index] ?? 0) <= rule.skip) continue;
      if (rule.times !== undefined && (this.failed[index] ?? 0) >= rule.times) continue;
      if (this.random() >= rule.rate) continue;
      this.failed[index] = (this.failed[index] ?? 0) + 1;
      this.injected += 1;
      return rule;
    }
    return null;
  }

  plugin(kind: ClientKind) {
    return {
      applyToStack: (stack: { add(middleware: unknown, options: unknown): void }) => {
        stack.add(
          (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
            async (args: unknown) => {
              const body = (args as { request?: { body?: unknown } }).request?.body;
              const rule = this.pick(kind, context.commandName ?? "", body);
              if (!rule) return next(args);
              if (rule.phase === "after") await next(args);
              throw faultError(rule.error);
            },
          // Inside the retry loop (so the SDK retries an injected fault as it would a real one)
          // and outside the deserializer (so a lost reply's body is read and its socket freed).
          { step: "finalizeRequest", name: "localFaultInjection", priority: "low" },
        );
      },
    };
  }
}
