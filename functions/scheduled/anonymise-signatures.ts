/**
 * Daily: removes signers' personal data from petitions that ended six months ago, and from
 * petitions never published UNPUBLISHED_RETENTION_MONTHS after they were started.
 */
import middy from "@middy/core";
import { functionConfig } from "../../shared/function-config.ts";
import { observed } from "../../shared/observe.ts";
import { anonymiseDue } from "../../shared/petitions/retention.ts";

const config = functionConfig("AnonymiseSignatures");

export const handler = middy()
  .use(observed())
  .handler((_event, context) =>
    anonymiseDue(config, new Date(), Math.max(10_000, context.getRemainingTimeInMillis() - 30_000)),
  );
