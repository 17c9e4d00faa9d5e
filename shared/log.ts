/**
 * One logger per function, structured JSON (shared/json-log.ts). Log lines carry a stable `code`
 * and ids, never a signer's name, email, postcode or IP.
 */
import { Metrics } from "./emf.ts";
import { Logger } from "./json-log.ts";

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions" });

/** The functions' metrics, written as CloudWatch EMF when each invocation ends (shared/emf.ts). */
export const metrics = new Metrics({
  namespace: "Petitions",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions",
});
