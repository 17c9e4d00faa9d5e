/**
 * Lambda's event-filter matching, for the local engine: a record passes a pattern when every
 * key of the pattern matches, lists hold the allowed values, `{exists}` tests presence.
 */
import type { FilterPattern } from "../../shared/topology-types.ts";

type Value = string | number | { exists: boolean };

function matchesValue(actual: unknown, allowed: readonly Value[]): boolean {
  return allowed.some((rule) => {
    if (typeof rule === "object") return rule.exists ? actual !== undefined : actual === undefined;
    return actual === rule;
  });
}

export function matchesPattern(record: unknown, pattern: FilterPattern): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    const actual =
      record !== null && typeof record === "object" ? (record as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(rule)) return matchesValue(actual, rule as readonly Value[]);
    if (rule === null || typeof rule !== "object") return false;
    return matchesPattern(actual, rule as FilterPattern);
  });
}

/** With several patterns a record passes when any one matches, as on Lambda. */
export function passesFilters(record: unknown, patterns: readonly FilterPattern[]): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesPattern(record, pattern));
}
