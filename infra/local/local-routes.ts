/**
 * The local engine's own routes under /_local: the mailbox, schedules on demand, draining the
 * stream, and parked stream records.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { clearPetitionCache } from "../../shared/petitions/petition-cache.ts";
import type { CallLog } from "./call-log.ts";
import { type FaultInjector, faultConfigSchema } from "./faults.ts";
import { type MailEventRequest, mailEventSchema } from "./mail-events.ts";
import { mailboxPage, readMailbox } from "./mailbox.ts";
import type { ParkedRecord } from "./stream-batches.ts";

interface LocalRouteDeps {
  describe(): Record<string, unknown>;
  reset(): Promise<void>;
  sesEndpoint: string;
  schedules(): { name: string; everyMinutes?: number }[];
  runSchedule(name: string): Promise<unknown>;
  drain(timeoutMs?: number): Promise<void>;
  parked(): ParkedRecord[];
  /** SES feedback on the newest email to an address, delivered as EventBridge would. */
  mailEvent(request: MailEventRequest): Promise<unknown>;
  faults: FaultInjector;
  calls: CallLog;
  root: string;
}

function send(response: ServerResponse, status: number, type: string, body: string): true {
  response.statusCode = status;
  response.setHeader("content-type", type);
  response.setHeader("cache-control", "no-store");
  response.end(body);
  return true;
}

const sendJson = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, "application/json; charset=utf-8", JSON.stringify(body));

/**
 * Is the request addressed to this machine by a loopback name or address? A web page that rebinds
 * its own DNS name to 127.0.0.1 still sends its own name as Host, so it is refused.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  return (
    name === "localhost" ||
    name.endsWith(".localhost") ||
    name === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

export function localRoutes(deps: LocalRouteDeps) {
  return async (request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> => {
    if (!path.startsWith("/_local/")) return false;
    if (!isLoopbackHost(request.headers.host)) {
      return sendJson(response, 403, { message: "The local routes answer only to localhost" });
    }
    const method = request.method ?? "GET";
    if (method === "GET" && path === "/_local/mail.json") {
      return sendJson(response, 200, await readMailbox(deps.sesEndpoint));
    }
    if (method === "GET" && path === "/_local/mail") {
      return send(
        response,
        200,
        "text/html; charset=utf-8",
        mailboxPage(await readMailbox(deps.sesEndpoint)),
      );
    }
    if (method === "DELETE" && path === "/_local/mail") {
      await fetch(`${deps.sesEndpoint}/clear-store`, { method: "POST" });
      return sendJson(response, 200, { cleared: true });
    }
    if (method === "GET" && path === "/_local/schedules") return sendJson(response, 200, deps.schedules());
    const schedule = path.match(/^\/_local\/schedules\/([A-Za-z0-9-]+)$/)?.[1];
    if (method === "POST" && schedule) {
      if (!deps.schedules().some((s) => s.name === schedule)) {
        return sendJson(response, 404, { message: `No schedule named ${schedule}` });
      }
      try {
        const result = await deps.runSchedule(schedule);
        return sendJson(response, 200, { schedule, result: result ?? null });
      } catch (error) {
        return sendJson(response, 500, {
          schedule,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (method === "GET" && path === "/_local/engine.json") return sendJson(response, 200, deps.describe());
    if (method === "POST" && path === "/_local/reset") {
      await deps.reset();
      return sendJson(response, 200, { reset: true });
    }
    if (method === "GET" && path === "/_local/drain") {
      // `?seconds=N` waits up to N seconds (a large seed's backlog); 60 by default.
      const seconds = Number(new URL(request.url ?? "", "http://local").searchParams.get("seconds") ?? 60);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
        return sendJson(response, 400, { message: "seconds must be a whole number from 1 to 3600" });
      }
      try {
        await deps.drain(seconds * 1000);
      } catch (error) {
        return sendJson(response, 503, {
          drained: false,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      return sendJson(response, 200, { drained: true });
    }
    if (method === "GET" && path === "/_local/dead-letters") return sendJson(response, 200, deps.parked());
    if (method === "POST" && path === "/_local/mail-events") {
      const parsed = await readJson(request);
      if (parsed === undefined) return sendJson(response, 400, { message: "Send {type, email} as JSON" });
      const event = mailEventSchema.safeParse(parsed);
      if (!event.success)
        return sendJson(response, 422, {
          message: "type must be bounce, complaint, delay or reject, and email an email address",
          fields: event.error.issues.map((issue) => issue.path.join(".")),
        });
      try {
        return sendJson(response, 200, await deps.mailEvent(event.data));
      } catch (error) {
        return sendJson(response, 500, { message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (method === "DELETE" && path === "/_local/dead-letters") {
      const parked = deps.parked();
      const cleared = parked.length;
      parked.splice(0, cleared);
      return sendJson(response, 200, { cleared });
    }
    if (method === "DELETE" && path === "/_local/caches") {
      // The functions run in this process: their per-instance caches are this module's.
      clearPetitionCache();
      return sendJson(response, 200, { cleared: true });
    }
    const callLog: Record<string, () => unknown> = {
      POST: () => deps.calls.start(),
      GET: () => ({ calls: deps.calls.entries, indexWrites: deps.calls.indexWrites.summary() }),
      DELETE: () => deps.calls.stop(),
    };
    if (path === "/_local/calls" && method && callLog[method])
      return sendJson(response, 200, callLog[method]());
    if (path === "/_local/faults") {
      if (method === "DELETE") {
        deps.faults.clear();
        return sendJson(response, 200, { cleared: true });
      }
      if (method === "GET") return sendJson(response, 200, { injected: deps.faults.injected });
      if (method === "POST") {
        const parsed = await readJson(request);
        if (parsed === undefined) return sendJson(response, 400, { message: "Send the fault rules as JSON" });
        const config = faultConfigSchema.safeParse(parsed);
        if (!config.success)
          return sendJson(response, 422, { message: "Invalid fault rules", issues: config.error.issues });
        deps.faults.configure(config.data);
        return sendJson(response, 200, { configured: config.data.rules.length });
      }
    }
    return sendJson(response, 404, { message: "Not Found" });
  };
}

/** A request's JSON body, or undefined when it is not JSON. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
