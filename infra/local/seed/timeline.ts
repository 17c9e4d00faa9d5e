/** The seed's clock arithmetic: hours, days, timestamps, and when a petition's signers sign. */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const iso = (ms: number) => new Date(ms).toISOString();

/** Times front-loaded after `start` (a petition is signed most when it is new), sorted. */
export function signingTimes(
  random: () => number,
  count: number,
  start: number,
  end: number,
  trending: boolean,
) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (trending && roll < 0.08) times.push(end - random() * 0.9 * HOUR);
    else if (trending && roll < 0.2) times.push(end - random() * DAY);
    else times.push(start + (end - start) * random() ** 5);
  }
  return times.map((t) => Math.max(start, Math.min(end, t))).sort((a, b) => a - b);
}
