/** GET /staff?queue=: the moderation queues, one page each. */
import { queueQuerySchema, queues, readQueue } from "../../petitions/queues.ts";
import { page } from "../page.ts";
import { moderatorPage, noStore, STAFF_NAV } from "./staff.ts";

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

export const queuePage = moderatorPage(
  async (site, event, staff, raw: Record<string, string | undefined>) => {
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
  },
);
