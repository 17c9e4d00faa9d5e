/**
 * The middlewares every function's middy stack starts with, in this order: the metrics flush
 * (every metric recorded during the invocation is written as one EMF line when it ends, also
 * when it fails), and the logger's Lambda context.
 *
 * Tracing is Lambda's X-Ray active tracing (infra/aws/functions.ts), with no tracing SDK in the
 * functions: Lambda records each invocation as a segment (Initialization, Invocation and Overhead
 * subsegments), the SDK's recursion-detection middleware puts the invocation's trace header on
 * every AWS call, and each log line carries the trace id (`xray_trace_id`, Powertools Logger).
 * Not recorded: a subsegment per DynamoDB, SES or Secrets Manager call (their time is inside the
 * Invocation subsegment), and the ColdStart/Service annotations. The X-Ray SDK that recorded
 * them, with semver and cls-hooked, was ~120 KB of every bundle.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { logger, metrics } from "./log.ts";

export function observed() {
  return [logMetrics(metrics), injectLambdaContext(logger, { resetKeys: true })];
}
