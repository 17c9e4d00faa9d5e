/**
 * Isolation under load: the reserved concurrency that caps each function group so that it can
 * never take the concurrency signing needs, derived from the stage's Lambda quota.
 */
import type { FunctionSpec } from "../../shared/topology-types.ts";
import type { StageSettings } from "./stages.ts";

/** Lambda keeps at least this much of the Region's concurrency unreserved (a documented minimum). */
export const MIN_UNRESERVED_CONCURRENCY = 100;

/**
 * Reserved concurrency per capped function: the group's share of the quota, split evenly between
 * its functions (at least 1 each). Throws if the caps would leave less than Lambda's unreserved
 * minimum.
 */
export function reservedConcurrency(
  specs: readonly FunctionSpec[],
  stage: StageSettings,
): Map<string, number> {
  const caps = new Map<string, number>();
  const limit = stage.quotas.lambdaConcurrency;
  let total = 0;
  for (const [group, share] of Object.entries(stage.concurrencyShares)) {
    const members = specs.filter((spec) => spec.concurrency === group);
    if (members.length === 0) continue;
    const each = Math.max(1, Math.floor((limit * share) / members.length));
    for (const spec of members) {
      caps.set(spec.name, each);
      total += each;
    }
  }
  if (limit - total < MIN_UNRESERVED_CONCURRENCY) {
    throw new Error(
      `stage ${stage.name}: reserved concurrency ${total} leaves less than ${MIN_UNRESERVED_CONCURRENCY} of quotas.lambdaConcurrency (${limit}) unreserved; lower concurrencyShares or raise the quota`,
    );
  }
  return caps;
}
