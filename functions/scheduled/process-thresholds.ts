/**
 * Every minute: petitions whose count crossed 10,000 or 100,000 are stamped, their creator and
 * subscribed signers emailed, and the committee sent a report. Reads only marked petitions.
 */
import middy from "@middy/core";
import { loadConfig } from "../../shared/config.ts";
import { observed } from "../../shared/observe.ts";
import { processThresholds } from "../../shared/petitions/thresholds.ts";

const config = loadConfig([
  "TABLE_NAME",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
  "REPORT_EMAIL",
  "SIGNER_INDEX_SHARDS",
]);

export const handler = middy()
  .use(observed())
  .handler(() => processThresholds(config));
