/**
 * Dates and text as people read them, for pages, emails and staff pages alike.
 *
 * Provides:
 * - `readableDate(value)`: an instant or a `YYYY-MM-DD` date as "6 June 2027" (the London day);
 *   anything else comes back unchanged, and nothing as "".
 * - `longDate(value)`: a day as e-petitions writes a response's date, "Thursday 22nd January 2026".
 * - `readableTime(value)`: an instant as "6 June 2027, 14:05" (London wall clock).
 * - `paragraphsOf(text)`: someone's text split where they left a blank line; single line breaks
 *   stay within a paragraph. The caller escapes each paragraph.
 * - `stateWords`, `stateInWords(state)`: a petition's state as staff and the public read it.
 */
import type { PetitionState } from "./petition-state.ts";

const LONDON = "Europe/London";
/**
 * A formatter made on its first use: a London time zone formatter costs ~20 ms to make (ICU loads
 * the zone's data), which every cold start paid at import, read or not.
 */
const formatter = (options: Intl.DateTimeFormatOptions) => {
  let made: Intl.DateTimeFormat | undefined;
  return () => {
    made ??= new Intl.DateTimeFormat("en-GB", options);
    return made;
  };
};
const day = formatter({
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: LONDON,
});
const clock = formatter({
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: LONDON,
});
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function instantOf(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== "string" || value === "") return null;
  // A calendar date is that day wherever it is read: noon UTC is the same day in London.
  const at = new Date(CALENDAR_DATE.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function readableDate(value: unknown): string {
  const at = instantOf(value);
  if (at) return day().format(at);
  return typeof value === "string" ? value : "";
}

const weekday = formatter({ weekday: "long", timeZone: LONDON });
const dayOfMonth = formatter({ day: "numeric", timeZone: LONDON });
const monthYear = formatter({ month: "long", year: "numeric", timeZone: LONDON });

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 31st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

export function longDate(value: unknown): string {
  const at = instantOf(value);
  if (!at) return typeof value === "string" ? value : "";
  return `${weekday().format(at)} ${ordinal(Number(dayOfMonth().format(at)))} ${monthYear().format(at)}`;
}

export function readableTime(value: unknown): string {
  const at = instantOf(value);
  if (!at) return typeof value === "string" ? value : "";
  if (typeof value === "string" && CALENDAR_DATE.test(value)) return day().format(at);
  return `${day().format(at)}, ${clock().format(at)}`;
}

export function paragraphsOf(text: unknown): string[] {
  if (typeof text !== "string") return [];
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

export const stateWords: Record<PetitionState, string> = {
  pending: "Waiting for the creator to confirm",
  validated: "Gathering support",
  sponsored: "Waiting for moderation",
  flagged: "Flagged for a second opinion",
  dormant: "Parked as dormant",
  open: "Open for signatures",
  closed: "Closed",
  rejected: "Rejected",
  hidden: "Hidden",
  stopped: "Stopped",
};

export const stateInWords = (state: unknown): string =>
  typeof state === "string" && state in stateWords ? stateWords[state as PetitionState] : String(state ?? "");
