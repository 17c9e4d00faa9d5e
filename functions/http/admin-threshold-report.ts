/** GET /admin/reports/thresholds?since=: petitions that crossed 10,000 or 100,000, and when. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { reportSince } from "../../shared/petitions/thresholds.ts";
import { thresholdReportRoute } from "./admin-threshold-report.contract.ts";

const config = functionConfig("AdminThresholdReport");

export const handler = httpRoute(thresholdReportRoute, async ({ query }) => {
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
