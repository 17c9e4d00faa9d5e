/** The SES client, created once per cold start with explicit timeouts and retry limits, traced on Lambda. */
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { applyClientHooks } from "../sdk-hooks.ts";
import { traced } from "../tracing.ts";

export const ses = applyClientHooks(
  traced(
    new SESv2Client({
      maxAttempts: 4,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: 3_000,
        requestTimeout: 5_000,
        throwOnRequestTimeout: true,
      }),
    }),
  ),
  "ses",
);
