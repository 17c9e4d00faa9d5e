/**
 * X-Ray tracing, written straight to the X-Ray daemon. With active tracing Lambda records each
 * invocation's segment itself and gives the function its trace header in _X_AMZN_TRACE_ID (Root,
 * Parent, Sampled; it changes with every invocation); the function adds subsegments under it by
 * sending segment documents over UDP to the daemon at AWS_XRAY_DAEMON_ADDRESS. This module records
 * the handler's subsegment (`## <handler>`, annotated ColdStart and Service) and, under it, one
 * subsegment per AWS SDK call (namespace aws: operation, region, request id, retries, table, HTTP
 * status; throttle, error and fault flags), as Powertools Tracer with the X-Ray SDK did, in a few
 * KB instead of their ~110 KB in every bundle. Outside Lambda (the local engine, tests) it is off
 * and sends nothing.
 */
import { randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import type { MiddlewareObj } from "@middy/core";

/** One subsegment as the X-Ray API takes it (the fields this module sets). */
export interface SubsegmentDocument {
  type: "subsegment";
  id: string;
  trace_id: string;
  parent_id: string;
  name: string;
  start_time: number;
  end_time?: number;
  namespace?: "aws";
  annotations?: Record<string, string | number | boolean>;
  aws?: Record<string, string | number>;
  http?: { response?: { status?: number; content_length?: number } };
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: { exceptions: { id: string; type: string; message: string }[] };
}

interface TraceHeader {
  root: string;
  parent: string;
  sampled: boolean;
}

/** Lambda's trace header (`Root=1-…;Parent=…;Sampled=1`), or undefined without Root and Parent. */
export function parseTraceHeader(value: string | undefined): TraceHeader | undefined {
  const fields = new Map(
    (value ?? "").split(";").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const root = fields.get("Root");
  const parent = fields.get("Parent");
  if (!root || !parent) return undefined;
  return { root, parent, sampled: fields.get("Sampled") === "1" };
}

/** The daemon's UDP address: `host:port`, or the `udp:host:port tcp:host:port` form. */
export function daemonAddress(value: string | undefined): { host: string; port: number } {
  const udp = (value ?? "").split(/\s+/).find((part) => part.startsWith("udp:")) ?? value ?? "";
  const match = udp.replace(/^udp:/, "").match(/^(.+):(\d+)$/);
  return match?.[1] && match[2]
    ? { host: match[1], port: Number(match[2]) }
    : { host: "127.0.0.1", port: 2000 };
}

const newId = () => randomBytes(8).toString("hex");
const now = () => Date.now() / 1000;

/** The subsegment of the invocation under way: SDK calls are recorded under it. */
interface Invocation {
  header: TraceHeader;
  handler: SubsegmentDocument;
}

class Tracing {
  readonly enabled = Boolean(process.env.AWS_EXECUTION_ENV);
  readonly serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? "petitions";
  private socket: Socket | undefined;
  private coldStart = true;
  current: Invocation | undefined;

  isTracingEnabled(): boolean {
    return this.enabled;
  }

  /** An annotation on the invocation's subsegment (searchable in X-Ray); nothing when not traced. */
  putAnnotation(key: string, value: string | number | boolean): void {
    const handler = this.current?.handler;
    if (handler) handler.annotations = { ...handler.annotations, [key]: value };
  }

  /** Opens the invocation's subsegment under Lambda's segment when this invocation is sampled. */
  begin(): void {
    const coldStart = this.coldStart;
    this.coldStart = false;
    this.current = undefined;
    if (!this.enabled) return;
    const header = parseTraceHeader(process.env._X_AMZN_TRACE_ID);
    if (!header?.sampled) return;
    this.current = {
      header,
      handler: {
        type: "subsegment",
        id: newId(),
        trace_id: header.root,
        parent_id: header.parent,
        name: `## ${process.env._HANDLER ?? "index.handler"}`,
        start_time: now(),
        annotations: { ColdStart: coldStart, Service: this.serviceName },
      },
    };
  }

  /** Closes the invocation's subsegment (a fault with the error's type when it failed) and sends it. */
  async end(error?: unknown): Promise<void> {
    const invocation = this.current;
    this.current = undefined;
    if (!invocation) return;
    const handler = invocation.handler;
    handler.end_time = now();
    if (error !== undefined) {
      handler.fault = true;
      handler.cause = { exceptions: [exception(error)] };
    }
    await this.send(handler);
  }

  /** Sends one document to the daemon; a failure to send never fails the invocation. */
  send(document: SubsegmentDocument): Promise<void> {
    this.socket ??= createSocket("udp4").unref();
    const { host, port } = daemonAddress(process.env.AWS_XRAY_DAEMON_ADDRESS);
    const packet = `{"format":"json","version":1}\n${JSON.stringify(document)}`;
    return new Promise((resolve) => this.socket?.send(packet, port, host, () => resolve()));
  }
}

/** An error as X-Ray shows it: its type and message (the codebase's messages name fields, not people). */
function exception(error: unknown): { id: string; type: string; message: string } {
  const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
  return { id: newId(), type: name, message };
}

export const tracer = new Tracing();

/** The middy middleware that opens and closes the invocation's subsegment (outermost in observed()). */
export function captureLambdaHandler(): MiddlewareObj {
  return {
    before: () => tracer.begin(),
    after: () => tracer.end(),
    onError: (request) => tracer.end(request.error ?? undefined),
  };
}

interface SdkCall {
  input?: { TableName?: unknown };
  request?: { headers?: Record<string, string> };
}
interface SdkResult {
  output?: { $metadata?: Metadata };
  response?: { headers?: Record<string, string | undefined> };
}
interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}
type SdkError = Error & { $metadata?: Metadata; $retryable?: { throttling?: boolean } };

/** The subsegment of one SDK call, under the invocation's. */
function callSubsegment(invocation: Invocation, clientName: string, commandName: string): SubsegmentDocument {
  return {
    type: "subsegment",
    id: newId(),
    trace_id: invocation.header.root,
    parent_id: invocation.handler.id,
    name: clientName.replace(/Client$/, ""),
    start_time: now(),
    namespace: "aws",
    aws: { operation: commandName.replace(/Command$/, "") },
  };
}

/** Fills in what the call's answer (or its error) says: ids, status, retries and the flags. */
function settle(
  subsegment: SubsegmentDocument,
  region: string,
  tableName: unknown,
  metadata: Metadata | undefined,
  contentLength: string | undefined,
  error?: SdkError,
): void {
  subsegment.end_time = now();
  subsegment.aws = {
    ...subsegment.aws,
    region,
    ...(typeof tableName === "string" ? { table_name: tableName } : {}),
    ...(metadata?.requestId ? { request_id: metadata.requestId } : {}),
    ...(metadata?.attempts ? { retries: metadata.attempts - 1 } : {}),
  };
  const status = metadata?.httpStatusCode;
  if (status !== undefined || contentLength !== undefined)
    subsegment.http = {
      response: {
        ...(status !== undefined ? { status } : {}),
        ...(contentLength !== undefined ? { content_length: Number(contentLength) } : {}),
      },
    };
  if (error?.$retryable?.throttling || status === 429) subsegment.throttle = true;
  if (status !== undefined && status >= 500) subsegment.fault = true;
  else if (status !== undefined && status >= 400) subsegment.error = true;
  else if (error) subsegment.fault = true;
  if (error) subsegment.cause = { exceptions: [exception(error)] };
}

const MIDDLEWARE = "PetitionsXRay";

/** The client, each of its calls an X-Ray subsegment while an invocation is traced (unchanged otherwise). */
export function traced<C extends { config: unknown; middlewareStack: unknown }>(client: C): C {
  if (!tracer.enabled) return client;
  const region = (client.config as { region: () => Promise<string> }).region;
  const stack = client.middlewareStack as {
    add(
      middleware: (
        next: (args: SdkCall) => Promise<SdkResult>,
        context: { clientName?: string; commandName?: string },
      ) => (args: SdkCall) => Promise<SdkResult>,
      options: { step: "build"; name: string },
    ): void;
  };
  stack.add(
    (next, context) => async (args) => {
      const invocation = tracer.current;
      if (!invocation) return next(args);
      const subsegment = callSubsegment(invocation, context.clientName ?? "AWS", context.commandName ?? "");
      // The service sees the call's own subsegment as its parent.
      if (args.request?.headers)
        args.request.headers["X-Amzn-Trace-Id"] =
          `Root=${invocation.header.root};Parent=${subsegment.id};Sampled=1`;
      try {
        const result = await next(args);
        settle(
          subsegment,
          await region(),
          args.input?.TableName,
          result.output?.$metadata,
          result.response?.headers?.["content-length"],
        );
        return result;
      } catch (error) {
        const failure = error as SdkError;
        settle(subsegment, await region(), args.input?.TableName, failure.$metadata, undefined, failure);
        throw error;
      } finally {
        void tracer.send(subsegment);
      }
    },
    { step: "build", name: MIDDLEWARE },
  );
  return client;
}
