/** GET /staff?queue=: the moderation queues, one page each. */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpResult } from "../../http/responses.ts";
import { queueQuerySchema, queues, readQueue } from "../../petitions/queues.ts";
import { page } from "../page.ts";
import { isResult, moderator, noStore, STAFF_NAV, type StaffSite } from "./staff.ts";

const queueLabels: Record<string, string> = {
  collecting_sponsors: "Collecting supporters",
  in_moderation: "In moderation",
  nearly_overdue: "Nearly overdue",
  overdue: "Overdue",
  flagged: "Flagged",
  dormant: "Dormant",
  open: "Open",
  closed: "Closed",
  rejected: "Rejected",
  hidden: "Hidden",
};

export async function queuePage(
  site: StaffSite,
  event: APIGatewayProxyEventV2,
  raw: Record<string, string | undefined>,
): Promise<HttpResult> {
  const staff = await moderator(site, event);
  if (isResult(staff)) return staff;
  const parsed = queueQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : queueQuerySchema.parse({});
  const result = await readQueue(query, new Date());
  return noStore(
    page(site, event, "staff/queue.njk", {
      form: true,
      staff,
      queue: query.queue,
      heading: queueLabels[query.queue] ?? query.queue,
      queues: queues.map((q) => ({
        href: `/staff?queue=${q}`,
        text: queueLabels[q] ?? q,
        current: q === query.queue,
      })),
      petitions: result.data,
      navigation: STAFF_NAV,
    }),
  );
}
