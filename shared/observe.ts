/**
 * The middlewares every function's middy stack starts with, in this order: the X-Ray subsegment
 * (outermost, so it closes last), the metrics flush (every metric recorded during the
 * invocation is written as one EMF line when it ends, also when it fails), and the logger's
 * Lambda context.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { logger, metrics } from "./log.ts";
import { captureLambdaHandler } from "./tracing.ts";

export function observed() {
  return [captureLambdaHandler(), logMetrics(metrics), injectLambdaContext(logger, { resetKeys: true })];
}
