/**
 * Daily: removes signers' personal data from petitions that ended six months ago, and from
 * petitions never published UNPUBLISHED_RETENTION_MONTHS after they were started.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { loadConfig } from "../../shared/config.ts";
import { logger } from "../../shared/log.ts";
import { anonymiseDue } from "../../shared/petitions/retention.ts";

const config = loadConfig([
  "TABLE_NAME",
  "ANONYMISE_AFTER_MONTHS",
  "UNPUBLISHED_RETENTION_MONTHS",
  "SIGNER_INDEX_SHARDS",
]);

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((_event, context) =>
    anonymiseDue(config, new Date(), Math.max(10_000, context.getRemainingTimeInMillis() - 30_000)),
  );
