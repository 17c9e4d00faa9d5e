/**
 * Times as petition.parliament.uk's Rails app writes them where it serialises a stored time
 * itself (`count.json`: jbuilder's `as_json` of a time in the app's zone, Europe/London, at
 * millisecond precision): local London time with its offset, `2025-07-02T04:04:05.000+01:00` in
 * summer and `2025-01-02T03:04:05.000+00:00` in winter (never `Z`: Rails writes `Z` only for a
 * zone named UTC). The London calendar date is closing-date.ts's londonDate.
 */

import { wallClock } from "./closing-date.ts";

const two = (n: number) => String(n).padStart(2, "0");

/** `2025-07-02T04:04:05.000+01:00`: the instant in London time, with milliseconds and offset. */
export function londonTimestamp(at: Date): string {
  const p = wallClock(at);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offsetMinutes = Math.round((local - (at.getTime() - at.getUTCMilliseconds())) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const offset = `${sign}${two(Math.floor(Math.abs(offsetMinutes) / 60))}:${two(Math.abs(offsetMinutes) % 60)}`;
  const ms = String(at.getUTCMilliseconds()).padStart(3, "0");
  const date = `${String(p.year).padStart(4, "0")}-${two(p.month)}-${two(p.day)}`;
  return `${date}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}.${ms}${offset}`;
}

/** A stored timestamp as londonTimestamp, or null. */
export const londonTimestampOf = (value: string | undefined | null): string | null =>
  value ? londonTimestamp(new Date(value)) : null;
