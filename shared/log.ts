/**
 * One logger per function, structured JSON (Powertools). Log lines carry a stable `code`
 * and ids, never a signer's name, email, postcode or IP.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { LogCode } from "./log-codes.ts";

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions" });

/**
 * Metrics' own warnings go through the logger. Most invocations record no metric (a page read),
 * and Powertools warns on every such flush; that one line is dropped, every other kept.
 */
const metricsLogger = {
  debug: (...content: unknown[]) => logger.debug(String(content[0])),
  info: (...content: unknown[]) => logger.info(String(content[0])),
  warn: (...content: unknown[]) => {
    const text = String(content[0]);
    if (text.startsWith("No application metrics to publish")) return;
    logger.warn(text, { code: LogCode.metricsWarning });
  },
  error: (...content: unknown[]) => logger.error(String(content[0]), { code: LogCode.metricsError }),
};

export const metrics = new Metrics({
  namespace: "Petitions",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions",
  logger: metricsLogger,
});
