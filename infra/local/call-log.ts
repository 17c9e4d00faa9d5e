/**
 * The local engine's log of DynamoDB calls, off by default: while recording, every call the
 * functions make is kept with the function and invocation that made it and the item keys it
 * named, so a test can count round trips per request and a bench can count writes per item.
 * While recording it also sums, from the stream records the engine reads, the index writes AWS
 * would charge (index-writes.ts). Switched on and read through `/_local/calls`; nothing is kept
 * while it is off.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ClientKind } from "../../shared/sdk-hooks.ts";
import { IndexWriteTally, type StreamImage } from "./index-writes.ts";

export interface CallEntry {
  /** The topology function whose invocation made the call ("" outside any). */
  fn: string;
  /** That invocation's request id. */
  invocation: string;
  /** The command's name without "Command", e.g. TransactWriteItems. */
  command: string;
  /** `PK|SK` of each item the call wrote (Put, Update, Delete, in a transaction or a batch). */
  writes: string[];
  /** `PK|SK` a GetItem read, or the partition (`:pk`) a Query read. */
  reads: string[];
  /** Epoch ms when the call was made. */
  at: number;
  failed: boolean;
}

/** Which invocation is running: set by the engine's FunctionRunner around each handler. */
export const invocationScope = new AsyncLocalStorage<{ fn: string; invocation: string }>();

/** Far above any test or bench: a forgotten recording cannot take the engine's memory. */
const MAX_ENTRIES = 500_000;

type Value = unknown;
const plain = (value: Value): string => {
  if (value && typeof value === "object") {
    const v = value as { S?: string; N?: string };
    return String(v.S ?? v.N ?? JSON.stringify(value));
  }
  return String(value);
};
const keyOf = (item: Record<string, Value> | undefined) =>
  item ? `${plain(item.PK)}|${plain(item.SK)}` : "?";

type WriteRequest = {
  Put?: { Item?: Record<string, Value> };
  Update?: { Key?: Record<string, Value> };
  Delete?: { Key?: Record<string, Value> };
  PutRequest?: { Item?: Record<string, Value> };
  DeleteRequest?: { Key?: Record<string, Value> };
};

/** What a GetItem or a Query reads (a Query by its `:pk` value, when it names one). */
export function readKeys(command: string, input: Record<string, unknown>): string[] {
  if (command === "GetItem") return [keyOf(input.Key as Record<string, Value>)];
  const pk = (input.ExpressionAttributeValues as Record<string, Value> | undefined)?.[":pk"];
  return command === "Query" && pk !== undefined ? [plain(pk)] : [];
}

/** The keys of the items a command's input writes. */
export function writtenKeys(command: string, input: Record<string, unknown>): string[] {
  switch (command) {
    case "PutItem":
      return [keyOf(input.Item as Record<string, Value>)];
    case "UpdateItem":
    case "DeleteItem":
      return [keyOf(input.Key as Record<string, Value>)];
    case "TransactWriteItems":
      return ((input.TransactItems ?? []) as WriteRequest[]).flatMap((t) => {
        if (t.Put) return [keyOf(t.Put.Item)];
        if (t.Update) return [keyOf(t.Update.Key)];
        if (t.Delete) return [keyOf(t.Delete.Key)];
        return [];
      });
    case "BatchWriteItem":
      return Object.values((input.RequestItems ?? {}) as Record<string, WriteRequest[]>).flatMap((requests) =>
        requests.map((r) => keyOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
      );
    default:
      return [];
  }
}

export class CallLog {
  entries: CallEntry[] = [];
  readonly indexWrites = new IndexWriteTally();
  private recording = false;

  /** Starts recording, from an empty log. */
  start(): { recording: boolean } {
    this.entries = [];
    this.indexWrites.clear();
    this.recording = true;
    return { recording: true };
  }

  /** Stops recording and drops what was kept. */
  stop(): { recording: boolean } {
    this.recording = false;
    this.entries = [];
    this.indexWrites.clear();
    return { recording: false };
  }

  /** One stream record's images, while recording: the index writes its change cost. */
  observeChange(oldImage: StreamImage | undefined, newImage: StreamImage | undefined): void {
    if (this.recording) this.indexWrites.add(oldImage, newImage);
  }

  plugin(kind: ClientKind) {
    if (kind !== "dynamodb") return undefined;
    return {
      applyToStack: (stack: { add(middleware: unknown, options: unknown): void }) => {
        stack.add(
          (next: (args: { input?: unknown }) => Promise<unknown>, context: { commandName?: string }) =>
            async (args: { input?: unknown }) => {
              if (!this.recording) return next(args);
              const scope = invocationScope.getStore();
              const command = (context.commandName ?? "Unknown").replace(/Command$/, "");
              const entry: CallEntry = {
                fn: scope?.fn ?? "",
                invocation: scope?.invocation ?? "",
                command,
                writes: writtenKeys(command, (args.input ?? {}) as Record<string, unknown>),
                reads: readKeys(command, (args.input ?? {}) as Record<string, unknown>),
                at: Date.now(),
                failed: false,
              };
              if (this.entries.length < MAX_ENTRIES) this.entries.push(entry);
              try {
                return await next(args);
              } catch (error) {
                entry.failed = true;
                throw error;
              }
            },
          // Once per call as the service made it (outside the retry loop: a retry is not a call).
          { step: "initialize", name: "localCallLog", priority: "low" },
        );
      },
    };
  }
}
