/** GET /admin/reports/thresholds?since=: petitions that crossed 10,000 or 100,000, and when. */
import { z } from "zod";
import { loadConfig } from "../../shared/config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { reportSince } from "../../shared/petitions/thresholds.ts";

const config = loadConfig(["TABLE_NAME", "PUBLIC_URL"]);

const query = z.object({
  since: z.iso
    .datetime({ offset: true, error: "Use an ISO 8601 time, like 2026-11-01T00:00:00Z" })
    .transform((s) => new Date(s).toISOString())
    .default(() => new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString()),
});

export const handler = httpRoute({ role: "moderator", query }, async ({ query }) => {
  const entries = await reportSince(query.since);
  return json(
    200,
    {
      since: query.since,
      data: entries.map((e) => ({ ...e, url: `${config.PUBLIC_URL}/petitions/${e.petition_id}` })),
    },
    { "cache-control": "no-store" },
  );
});
