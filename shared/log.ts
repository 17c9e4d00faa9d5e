/**
 * One logger per function, structured JSON (Powertools). Log lines carry a stable `code`
 * and ids, never a signer's name, email, postcode or IP.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "./emf.ts";

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions" });

/** The functions' metrics, written as CloudWatch EMF when each invocation ends (shared/emf.ts). */
export const metrics = new Metrics({
  namespace: "Petitions",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions",
});
