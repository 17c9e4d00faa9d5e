/**
 * Pictures drawn on the server as inline SVG, so they need no JavaScript: the constituency hex
 * map and the signatures-over-time chart. Every label goes through `escapeHtml` (SVG takes the same entities); colours are
 * presentation attributes, not inline styles, so the Content-Security-Policy holds.
 */
import { readableDate, readableTime } from "../domain/readable.ts";
import type { HexMap } from "../geo/uk-data.ts";
import { escapeHtml } from "../html.ts";

/** Light to dark: no signatures, then four equal bands up to the busiest constituency. */
export const SHADES = ["#f3f2f1", "#c5d8ec", "#8eb8dc", "#4c8cc8", "#003078"] as const;

export function shadeOf(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
}

export function legendOf(max: number): { shade: string; label: string }[] {
  const band = (i: number) => Math.ceil((max * i) / 4);
  return SHADES.map((shade, i) => ({
    shade,
    label:
      i === 0
        ? "No signatures"
        : max < 4
          ? `Up to ${max.toLocaleString("en-GB")}`
          : `${(band(i - 1) + 1).toLocaleString("en-GB")} to ${band(i).toLocaleString("en-GB")}`,
  }));
}

const signatures = (n: number) => `${n.toLocaleString("en-GB")} signature${n === 1 ? "" : "s"}`;

/**
 * The hex map ("odd-r" HexJSON: odd rows shifted right, rows counting up to the north), each hex
 * shaded by its signatures and labelled for screen readers with its name and count.
 */
/** The fill of a hex whose region has no constituency data: hatched, set apart from "no signatures". */
export const NO_DATA_SHADE = "url(#app-no-data)";
const NO_DATA_PATTERN =
  '<pattern id="app-no-data" patternUnits="userSpaceOnUse" width="4" height="4"><rect width="4" height="4" fill="#ffffff"/><path d="M0,4 L4,0" stroke="#505a5f" stroke-width="0.8"/></pattern>';

export function hexMapSvg(
  map: HexMap,
  counts: Readonly<Record<string, number>>,
  labelledBy: string,
  noData: { regionCode: string; label: string } | null = null,
): string {
  const size = 6;
  const w = Math.sqrt(3) * size;
  const rowStep = 1.5 * size;
  const qs = map.hexes.map((h) => h.q);
  const rs = map.hexes.map((h) => h.r);
  const minQ = Math.min(...qs);
  const maxQ = Math.max(...qs);
  const maxR = Math.max(...rs);
  const minR = Math.min(...rs);
  const max = Math.max(0, ...Object.values(counts));
  const width = (maxQ - minQ + 1.5) * w + 2;
  const height = (maxR - minR) * rowStep + 2 * size + 2;
  const corner = (cx: number, cy: number, i: number) => {
    const angle = (Math.PI / 180) * (60 * i - 30);
    return `${(cx + size * Math.cos(angle)).toFixed(1)},${(cy + size * Math.sin(angle)).toFixed(1)}`;
  };
  const hexes = map.hexes.map((hex) => {
    const odd = (hex.r & 1) === 1;
    const cx = 1 + w / 2 + (hex.q - minQ) * w + (odd ? w / 2 : 0);
    const cy = 1 + size + (maxR - hex.r) * rowStep;
    const count = counts[hex.onsCode] ?? 0;
    const d = `M${[0, 1, 2, 3, 4, 5].map((i) => corner(cx, cy, i)).join("L")}Z`;
    if (noData && hex.regionCode === noData.regionCode) {
      const label = escapeHtml(`${hex.name}: ${noData.label}`);
      return `<path d="${d}" fill="${NO_DATA_SHADE}" stroke="#505a5f" stroke-width="0.5" role="img" aria-label="${label}"><title>${label}</title></path>`;
    }
    const label = escapeHtml(`${hex.name}: ${signatures(count)}`);
    return `<path d="${d}" fill="${SHADES[shadeOf(count, max)]}" stroke="#ffffff" stroke-width="0.5" role="img" aria-label="${label}"><title>${label}</title></path>`;
  });
  return `<svg class="app-hexmap" viewBox="0 0 ${width.toFixed(0)} ${height.toFixed(0)}" role="group" aria-labelledby="${escapeHtml(labelledBy)}" xmlns="http://www.w3.org/2000/svg">${noData ? `<defs>${NO_DATA_PATTERN}</defs>` : ""}${hexes.join("")}</svg>`;
}

export interface Bucket {
  /** `YYYY-MM-DDTHH` or `YYYY-MM-DD`. */
  label: string;
  count: number;
}

/** A bucket's label as people read it: "6 June 2027" for a day, "6 June 2027, 15:00" (London) for an hour. */
export const bucketLabel = (label: string): string =>
  label.length > 10 ? readableTime(`${label}:00:00Z`) : readableDate(label);

/** Hourly counts, or daily ones when they span more than three days. */
export function bucketsOf(hours: readonly Bucket[]): Bucket[] {
  const sorted = [...hours].sort((a, b) => a.label.localeCompare(b.label));
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const spanHours = (Date.parse(`${last.label}:00:00Z`) - Date.parse(`${first.label}:00:00Z`)) / 3_600_000;
  if (spanHours <= 72) return sorted;
  const days = new Map<string, number>();
  for (const { label, count } of sorted)
    days.set(label.slice(0, 10), (days.get(label.slice(0, 10)) ?? 0) + count);
  return [...days].map(([label, count]) => ({ label, count }));
}

/** A bar chart of signatures per hour (or day), with its title and summary for screen readers. */
export function chartSvg(buckets: readonly Bucket[], titleId: string, descId: string): string {
  const width = 600;
  const height = 200;
  const top = 10;
  const bottom = 30;
  const left = 40;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const slot = (width - left) / Math.max(1, buckets.length);
  const bars = buckets.map((b, i) => {
    const h = ((height - top - bottom) * b.count) / max;
    const x = left + i * slot + slot * 0.1;
    const y = height - bottom - h;
    return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, slot * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="#1d70b8"><title>${escapeHtml(`${bucketLabel(b.label)}: ${signatures(b.count)}`)}</title></rect>`;
  });
  const first = bucketLabel(buckets[0]?.label ?? "");
  const last = bucketLabel(buckets.at(-1)?.label ?? "");
  const axis = `<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#0b0c0c"/>
<text x="${left}" y="${height - 8}" font-size="12" fill="#0b0c0c">${escapeHtml(first)}</text>
<text x="${width}" y="${height - 8}" font-size="12" fill="#0b0c0c" text-anchor="end">${escapeHtml(last)}</text>
<text x="${left - 5}" y="${top + 10}" font-size="12" fill="#0b0c0c" text-anchor="end">${max.toLocaleString("en-GB")}</text>
<text x="${left - 5}" y="${height - bottom}" font-size="12" fill="#0b0c0c" text-anchor="end">0</text>`;
  return `<svg class="app-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${escapeHtml(titleId)} ${escapeHtml(descId)}" xmlns="http://www.w3.org/2000/svg">${axis}${bars.join("")}</svg>`;
}
