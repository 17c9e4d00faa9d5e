/** EventBridge's part: each function whose rule matches an event gets it. */
import type { FunctionSpec } from "../../shared/topology-types.ts";
import type { FunctionRunner } from "./functions.ts";
import { type MailEventRequest, type SentMailLog, sesFeedbackEvent } from "./mail-events.ts";

export function eventBus(functions: readonly FunctionSpec[], runner: FunctionRunner, sentMail: SentMailLog) {
  const publishEvent = async (event: { source: string; "detail-type": string }) => {
    const targets = functions.filter(
      (spec) =>
        spec.events?.source.includes(event.source) && spec.events.detailType.includes(event["detail-type"]),
    );
    const results: Record<string, unknown> = {};
    for (const spec of targets) results[spec.name] = await runner.invoke(spec, event);
    return results;
  };
  /** SES's feedback on the newest message to an address, as its event destination publishes it. */
  const mailEvent = async (request: MailEventRequest) => {
    const event = sesFeedbackEvent(request, sentMail.newestTo(request.email));
    return {
      event: { id: event.id, "detail-type": event["detail-type"] },
      results: await publishEvent(event),
    };
  };
  return { publishEvent, mailEvent };
}
