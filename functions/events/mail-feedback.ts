/**
 * SES's bounce, complaint, delivery-delay and reject events for every email the service sent,
 * from the configuration set's EventBridge destination: permanent bounces and complaints put
 * the address on the suppression list and unsubscribe the signature the email was about.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import { functionConfig } from "../../shared/function-config.ts";
import { logger, metrics } from "../../shared/log.ts";
import { LogCode } from "../../shared/log-codes.ts";
import { applyFeedback, eventBridgeSesEventSchema } from "../../shared/mail/feedback.ts";

functionConfig("MailFeedback");

export const handler = middy<unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (event) => {
    const parsed = eventBridgeSesEventSchema.safeParse(event);
    if (!parsed.success) {
      // Not an SES event this function understands: retrying would not change that.
      logger.warn("mail feedback event not understood", {
        code: LogCode.mailFeedbackUnreadable,
        issues: parsed.error.issues.map((issue) => issue.path.join(".")),
      });
      return { kind: "ignored" as const };
    }
    return applyFeedback(parsed.data.detail, new Date());
  });
