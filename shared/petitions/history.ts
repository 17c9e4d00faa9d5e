/**
 * Signatures over time: the counter's hourly items (shared/petitions/hourly.ts), one Query on
 * the petition's partition, as a gap-free hourly series from the hour the petition
 * opened to the hour it closed (or now). Signatures counted before opening (the creator's and
 * the supporters') are the series' starting count.
 */
import { hourlyCounts, hourOfDate, hourStart } from "./hourly.ts";
import type { PetitionRecord } from "./model.ts";
import { petitionUrl, timestamp } from "./present.ts";

const HOUR = 3600_000;

export function hourlySeries(
  counts: ReadonlyMap<string, number>,
  openedAt: Date,
  until: Date,
): { starting_count: number; hours: { hour: string; signature_count: number; total: number }[] } {
  const first = hourStart(hourOfDate(openedAt));
  let total = 0;
  for (const [hour, count] of counts) if (hourStart(hour) < first) total += count;
  const starting_count = total;
  const hours: { hour: string; signature_count: number; total: number }[] = [];
  for (let at = first.getTime(); at <= until.getTime(); at += HOUR) {
    const key = hourOfDate(new Date(at));
    const count = counts.get(key) ?? 0;
    total += count;
    hours.push({ hour: new Date(at).toISOString(), signature_count: count, total });
  }
  return { starting_count, hours };
}

export async function signaturesOverTime(p: PetitionRecord, publicUrl: string, now: Date) {
  const opened = new Date(p.opened_at ?? p.created_at);
  const until = p.closed_at && new Date(p.closed_at) < now ? new Date(p.closed_at) : now;
  const series = hourlySeries(await hourlyCounts(p.id), opened, until);
  return {
    links: {
      self: `${publicUrl}/petitions/${p.id}/signatures-over-time.json`,
      petition: petitionUrl(publicUrl, p.id),
    },
    data: {
      type: "signatures-over-time" as const,
      id: p.id,
      attributes: {
        opened_at: timestamp(p.opened_at),
        closed_at: timestamp(p.closed_at),
        signature_count: p.signature_count,
        interval: "hour" as const,
        starting_count: series.starting_count,
        hours: series.hours,
      },
    },
  };
}
