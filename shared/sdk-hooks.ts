/**
 * A seam on every AWS SDK client: plugins registered here are added to each client's
 * middleware stack. Production registers none; the fault-injection tests register one that
 * throttles, fails or times out a share of calls.
 */
import type { Pluggable } from "@smithy/types";

export type ClientKind = "dynamodb" | "ses";
type Hook = (kind: ClientKind) => Pluggable<object, object> | undefined;
type Apply = (plugin: Pluggable<object, object>) => void;

const hooks: Hook[] = [];
const clients: { kind: ClientKind; apply: Apply }[] = [];

export function applyClientHooks<C extends { middlewareStack: object }>(client: C, kind: ClientKind): C {
  // The hooks' plugins only look at the command's name and the outcome, never its types.
  const stack = client.middlewareStack as { use(plugin: Pluggable<object, object>): void };
  const apply: Apply = (plugin) => stack.use(plugin);
  clients.push({ kind, apply });
  for (const hook of hooks) {
    const plugin = hook(kind);
    if (plugin) apply(plugin);
  }
  return client;
}

/** Adds a hook to every client made so far and every one made later. */
export function registerClientHook(hook: Hook): void {
  hooks.push(hook);
  for (const { kind, apply } of clients) {
    const plugin = hook(kind);
    if (plugin) apply(plugin);
  }
}
