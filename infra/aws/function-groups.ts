/** The topology's functions by what triggers them; alarms and dashboard widgets are per group. */
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { FunctionSpec } from "../../shared/topology-types.ts";

export const FUNCTION_GROUPS = {
  routes: "HTTP routes (JSON API)",
  pages: "web pages",
  streams: "stream consumers",
  schedules: "scheduled functions",
} as const;
export type FunctionGroup = keyof typeof FUNCTION_GROUPS;

export function groupOf(spec: FunctionSpec): FunctionGroup {
  if (spec.stream) return "streams";
  if (spec.schedule) return "schedules";
  if (spec.web) return "pages";
  return "routes";
}

export type GroupMember = { spec: FunctionSpec; fn: IFunction };

/** The deployed functions of each group, in topology order. */
export function groupFunctions(
  specs: readonly FunctionSpec[],
  functions: ReadonlyMap<string, IFunction>,
): Map<FunctionGroup, GroupMember[]> {
  const groups = new Map<FunctionGroup, GroupMember[]>();
  for (const spec of specs) {
    const fn = functions.get(spec.name);
    if (!fn) continue;
    const group = groupOf(spec);
    groups.set(group, [...(groups.get(group) ?? []), { spec, fn }]);
  }
  return groups;
}
