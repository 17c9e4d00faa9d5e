/**
 * Calendar arithmetic in Europe/London, where petitions open and close (e-petitions §1.5).
 *
 * Provides:
 * - `closingDateFor(openedAt, months)`: the last London day of signing and the instant it ends.
 *   Rails' `open_at.end_of_day + N.months`, with the day of month clamped (31 Aug + 6 -> 28/29 Feb).
 * - `londonDate(instant)`: the London calendar date, `YYYY-MM-DD`.
 * - `startOfLondonDay(date)`: the instant a London calendar date begins (00:00 GMT or BST).
 * - `daysBetween(from, to)`: whole London calendar days from one instant's date to another's.
 */

const LONDON = "Europe/London";
const DAY_MS = 86_400_000;

/** Made on first use: a London formatter costs ~20 ms to make, which every cold start paid at import. */
let londonFormatter: Intl.DateTimeFormat | undefined;
const londonParts = () =>
  (londonFormatter ??= new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }));

interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** The instant's date and time on London's wall clock. */
export function wallClock(instant: Date): CalendarDate & { hour: number; minute: number; second: number } {
  const fields = new Map(
    londonParts()
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(fields.get(type));
  return {
    year: field("year"),
    month: field("month"),
    day: field("day"),
    hour: field("hour"),
    minute: field("minute"),
    second: field("second"),
  };
}

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

function formatDate({ year, month, day }: CalendarDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function parseDate(date: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function londonDate(instant: Date): string {
  return formatDate(wallClock(instant));
}

/** London's offset from UTC at an instant, in milliseconds (0 in winter, one hour in summer). */
function londonOffsetMs(instant: Date): number {
  const local = wallClock(instant);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

export function startOfLondonDay(date: string): Date {
  const { year, month, day } = parseDate(date);
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // Clocks change at 01:00 UTC, never at London midnight, so re-checking the offset once settles it.
  const guess = midnightAsUtc - londonOffsetMs(new Date(midnightAsUtc));
  return new Date(midnightAsUtc - londonOffsetMs(new Date(guess)));
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function addMonths(date: CalendarDate, months: number): CalendarDate {
  const monthIndex = date.month - 1 + months;
  const year = date.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export interface ClosingDate {
  /** The last London calendar day on which the petition can be signed, `YYYY-MM-DD`. */
  closingDate: string;
  /** The end of that day: the next London midnight. */
  closesAt: Date;
}

export function closingDateFor(openedAt: Date, months: number): ClosingDate {
  if (!Number.isInteger(months) || months < 0)
    throw new RangeError(`Not a whole number of months: ${months}`);
  const closing = addMonths(wallClock(openedAt), months);
  return {
    closingDate: formatDate(closing),
    closesAt: startOfLondonDay(formatDate(addDays(closing, 1))),
  };
}

/** Negative when `to` falls on an earlier London day than `from`. */
export function daysBetween(from: Date, to: Date): number {
  const start = parseDate(londonDate(from));
  const end = parseDate(londonDate(to));
  return Math.round(
    (Date.UTC(end.year, end.month - 1, end.day) - Date.UTC(start.year, start.month - 1, start.day)) / DAY_MS,
  );
}
