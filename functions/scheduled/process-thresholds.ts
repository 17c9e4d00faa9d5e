/**
 * Every minute: petitions whose count crossed 10,000 or 100,000 are stamped, their creator and
 * subscribed signers emailed, and the committee sent a report. Reads only marked petitions.
 * The same minute refreshes the count snapshot of petitions whose signing has stopped while
 * their document still showed older counts (shared/signatures/merge-sweep.ts).
 */
import middy from "@middy/core";
import { functionConfig } from "../../shared/function-config.ts";
import { observed } from "../../shared/observe.ts";
import { processThresholds } from "../../shared/petitions/thresholds.ts";
import { refreshSnapshots } from "../../shared/signatures/merge-sweep.ts";
import { siteSettings } from "../../shared/site/settings.ts";

const config = functionConfig("ProcessThresholds");

export const handler = middy()
  .use(observed())
  .handler(async () => {
    const snapshots = await refreshSnapshots(new Date());
    // The thresholds in effect (site settings, cached per instance).
    const site = await siteSettings(config);
    const result = await processThresholds({
      ...config,
      THRESHOLD_FOR_RESPONSE: site.threshold_for_response,
      THRESHOLD_FOR_DEBATE: site.threshold_for_debate,
    });
    return { ...result, snapshots };
  });
