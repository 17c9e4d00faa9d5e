/**
 * Times as petition.parliament.uk's Rails app writes them where it serialises a stored time
 * itself (`count.json`: jbuilder's `as_json` of a time in the app's zone, Europe/London, at
 * millisecond precision): local London time with its offset, `2025-07-02T04:04:05.000+01:00` in
 * summer and `2025-01-02T03:04:05.000+00:00` in winter (never `Z`: Rails writes `Z` only for a
 * zone named UTC). The London calendar date is closing-date.ts's londonDate.
 */

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function londonParts(at: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of parts.formatToParts(at)) out[part.type] = part.value;
  return out;
}

/** `2025-07-02T04:04:05.000+01:00`: the instant in London time, with milliseconds and offset. */
export function londonTimestamp(at: Date): string {
  const p = londonParts(at);
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  const offsetMinutes = Math.round((local - (at.getTime() - at.getUTCMilliseconds())) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hh = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const mm = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  const ms = String(at.getUTCMilliseconds()).padStart(3, "0");
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.${ms}${sign}${hh}:${mm}`;
}

/** A stored timestamp as londonTimestamp, or null. */
export const londonTimestampOf = (value: string | undefined | null): string | null =>
  value ? londonTimestamp(new Date(value)) : null;
