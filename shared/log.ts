/**
 * One logger per function, structured JSON (Powertools). Log lines carry a stable `code`
 * and ids, never a signer's name, email, postcode or IP.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions" });
export const metrics = new Metrics({
  namespace: "Petitions",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions",
});
