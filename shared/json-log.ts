/**
 * The functions' structured logs: one JSON line per entry, with the fields Powertools Logger
 * wrote (level, message, timestamp, service, and from the invocation's context cold_start,
 * function_name, function_arn, function_memory_size, function_request_id, xray_trace_id), then
 * the entry's own keys (`code`, ids; never personal data). Errors among them are written as
 * name, location, message, stack and cause. Debug and info go to stdout, warnings and errors to
 * stderr; Lambda sends both to CloudWatch Logs. The level is POWERTOOLS_LOG_LEVEL (or LOG_LEVEL,
 * or Lambda's AWS_LAMBDA_LOG_LEVEL), INFO when none is set; SILENT writes nothing.
 */
import type { MiddlewareObj } from "@middy/core";
import type { Context } from "aws-lambda";

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;
type Attributes = Record<string, unknown>;

const levelFrom = (value: string | undefined): Level | undefined => {
  const level = value?.trim().toUpperCase();
  return level && level in LEVELS ? (level as Level) : undefined;
};

/** Where in the code an error was thrown (the first `(file:line:column)` of its stack). */
function location(stack: string | undefined): string {
  const match = stack?.match(/\(([^()]*?):(\d+?):(\d+?)\)\\?$/m);
  return match ? `${match[1]}:${Number(match[2])}` : "";
}

function formatError(error: Error): Attributes {
  const { name, message, stack, cause, ...rest } = error as Error & Attributes;
  return {
    name,
    location: location(stack),
    message,
    stack,
    cause: cause instanceof Error ? formatError(cause) : cause,
    ...rest,
  };
}

const replacer = (_key: string, value: unknown) => (value instanceof Error ? formatError(value) : value);

export class Logger {
  private readonly service: string;
  private readonly threshold: number;
  private context: Attributes = {};
  private coldStart = true;

  constructor(options: { serviceName: string }) {
    this.service = options.serviceName;
    const level =
      levelFrom(process.env.POWERTOOLS_LOG_LEVEL) ??
      levelFrom(process.env.LOG_LEVEL) ??
      levelFrom(process.env.AWS_LAMBDA_LOG_LEVEL) ??
      "INFO";
    this.threshold = LEVELS[level];
  }

  debug(message: string, attributes: Attributes = {}): void {
    this.write("DEBUG", message, attributes);
  }
  info(message: string, attributes: Attributes = {}): void {
    this.write("INFO", message, attributes);
  }
  warn(message: string, attributes: Attributes = {}): void {
    this.write("WARN", message, attributes);
  }
  error(message: string, attributes: Attributes = {}): void {
    this.write("ERROR", message, attributes);
  }

  /** The invocation's fields, on every entry until the next invocation's. */
  addContext(context: Context): void {
    this.context = {
      cold_start: this.coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
    this.coldStart = false;
  }

  private write(level: Exclude<Level, "SILENT">, message: string, attributes: Attributes): void {
    if (LEVELS[level] < this.threshold) return;
    const trace = process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1];
    const entry = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...this.context,
      ...(trace ? { xray_trace_id: trace } : {}),
      ...attributes,
    };
    const stream = LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout;
    stream.write(`${JSON.stringify(entry, replacer)}\n`);
  }
}

/** The middy middleware that gives the logger each invocation's context. */
export function injectLambdaContext(logger: Logger): MiddlewareObj {
  return { before: (request) => logger.addContext(request.context) };
}
