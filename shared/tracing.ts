/**
 * X-Ray tracing (Powertools Tracer). On Lambda, with active tracing, every invocation is a
 * segment and every AWS SDK call a subsegment. Outside Lambda (the local engine, tests) the
 * Tracer is off, so nothing talks to X-Ray.
 */
import { Tracer } from "@aws-lambda-powertools/tracer";

export const tracer = new Tracer({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "petitions",
  // Lambda's runtime sets AWS_EXECUTION_ENV; the local engine and the tests do not.
  enabled: Boolean(process.env.AWS_EXECUTION_ENV),
  // The SDK clients are captured themselves (traced below); patching http as well would
  // record every AWS call twice.
  captureHTTPsRequests: false,
});

/** The client, its calls traced as subsegments (unchanged when tracing is off). */
export function traced<C>(client: C): C {
  return tracer.captureAWSv3Client(client);
}
